package dev.omescale.sim.workload;

import java.util.Random;

/**
 * Lognormal prompt and output lengths, drawn independently and clamped to [1, max].
 *
 * <p>{@link #AZURE_CODE_2023} is the maximum-likelihood lognormal fit to the bundled Azure code trace
 * (mean and population standard deviation of ln(tokens) over its 8,819 requests; the test
 * {@code TokenLengthsTest} recomputes the fit from the shipped file). Medians: e^6.999 = 1,095 prompt
 * tokens and e^2.788 = 16 output tokens; the trace's own medians are 1,469 and 13. Clamps: the
 * largest prompt and output the trace holds (7,437 and 1,899). Prompt and output lengths are drawn
 * independently; the trace's correlation between them is weak and not modelled.
 *
 * @param promptLogMean  mean of ln(prompt tokens)
 * @param promptLogSd    standard deviation of ln(prompt tokens)
 * @param maxPrompt      largest prompt drawn
 * @param outputLogMean  mean of ln(output tokens)
 * @param outputLogSd    standard deviation of ln(output tokens)
 * @param maxOutput      largest output drawn
 */
public record TokenLengths(double promptLogMean, double promptLogSd, int maxPrompt,
                           double outputLogMean, double outputLogSd, int maxOutput) {

    public static final TokenLengths AZURE_CODE_2023 = new TokenLengths(6.9986, 1.3602, 7437, 2.7882, 0.8472, 1899);

    public TokenLengths {
        if (!Double.isFinite(promptLogMean) || !Double.isFinite(outputLogMean)
                || !(promptLogSd >= 0) || !(outputLogSd >= 0) || Double.isInfinite(promptLogSd)
                || Double.isInfinite(outputLogSd)) {
            throw new IllegalArgumentException("token length distribution needs finite log means and standard "
                    + "deviations >= 0, got " + promptLogMean + "/" + promptLogSd + " and " + outputLogMean + "/" + outputLogSd);
        }
        if (maxPrompt < 1 || maxOutput < 1) {
            throw new IllegalArgumentException("token length clamps must be >= 1, got " + maxPrompt + " and " + maxOutput);
        }
    }

    int drawPrompt(Random random) {
        return draw(random, promptLogMean, promptLogSd, maxPrompt);
    }

    int drawOutput(Random random) {
        return draw(random, outputLogMean, outputLogSd, maxOutput);
    }

    private static int draw(Random random, double logMean, double logSd, int max) {
        double tokens = Math.exp(logMean + logSd * random.nextGaussian());
        return (int) Math.max(1, Math.min(max, Math.round(tokens)));
    }
}
