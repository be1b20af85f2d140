package dev.omescale.bench;

/** A distribution of observed values, enough to fill a histogram's cumulative buckets and its sum. */
interface Distribution {

    /** Probability that one observation is at most {@code x}. */
    double cdf(double x);

    double mean();

    /** Log-normal with the given median and log-space standard deviation: latencies and token counts. */
    static Distribution logNormal(double median, double sigma) {
        double mu = Math.log(median);
        return new Distribution() {
            @Override
            public double cdf(double x) {
                return x <= 0 ? 0 : standardNormalCdf((Math.log(x) - mu) / sigma);
            }

            @Override
            public double mean() {
                return Math.exp(mu + sigma * sigma / 2);
            }
        };
    }

    /** Finitely many values with weights (e.g. the {@code n} request parameter: almost always 1). */
    static Distribution discrete(double[] values, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double norm = total;
        return new Distribution() {
            @Override
            public double cdf(double x) {
                double p = 0;
                for (int i = 0; i < values.length; i++) {
                    if (values[i] <= x) {
                        p += weights[i];
                    }
                }
                return p / norm;
            }

            @Override
            public double mean() {
                double m = 0;
                for (int i = 0; i < values.length; i++) {
                    m += values[i] * weights[i];
                }
                return m / norm;
            }
        };
    }

    /** Abramowitz and Stegun 7.1.26 (error below 1.5e-7): plenty for made-up bucket counts. */
    static double standardNormalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
