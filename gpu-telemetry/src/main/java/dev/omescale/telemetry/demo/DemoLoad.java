package dev.omescale.telemetry.demo;

/**
 * The offered load on one demo pod: a base request rate with an optional sinusoidal swing, so the demo shows
 * signals that move. With {@code amplitude} 0 the load is steady, which is what tests comparing omescale with
 * Prometheus want: rates that do not depend on when each scraper happened to look.
 *
 * @param requestsPerSecond mean arrival rate
 * @param amplitude         0..1, swing as a fraction of the mean
 * @param periodSeconds     length of one swing
 * @param phaseSeconds      offset, so pods do not move in lockstep
 * @param promptTokens      prompt length of every request
 * @param outputTokens      output length of every request
 */
public record DemoLoad(
        double requestsPerSecond,
        double amplitude,
        double periodSeconds,
        double phaseSeconds,
        int promptTokens,
        int outputTokens) {

    public DemoLoad {
        if (requestsPerSecond < 0 || amplitude < 0 || amplitude > 1 || periodSeconds <= 0 || promptTokens < 1
                || outputTokens < 1) {
            throw new IllegalArgumentException("demo load out of range: rate " + requestsPerSecond + ", amplitude "
                    + amplitude + ", period " + periodSeconds + ", tokens " + promptTokens + "/" + outputTokens);
        }
    }

    public static DemoLoad steady(double requestsPerSecond) {
        return new DemoLoad(requestsPerSecond, 0, 60, 0, 800, 200);
    }

    public static DemoLoad swinging(double requestsPerSecond, double phaseSeconds) {
        return new DemoLoad(requestsPerSecond, 0.6, 120, phaseSeconds, 800, 200);
    }

    double rateAt(double seconds) {
        return requestsPerSecond * (1 + amplitude * Math.sin(2 * Math.PI * (seconds + phaseSeconds) / periodSeconds));
    }
}
