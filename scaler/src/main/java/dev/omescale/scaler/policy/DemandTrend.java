package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.ReasonNumbers.num;
import static dev.omescale.scaler.policy.ReasonNumbers.seconds;

import java.time.Duration;
import java.time.Instant;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The leading half of {@link SloPolicy}: how much more demand there will be when a pod started now is ready. Each
 * arrival rate of the component's role is regressed on time over the trend window; a rising, straight enough trend
 * projects the rate one start-up time ahead, and the largest ratio of projected to current rate is the factor
 * demand grows by. Falling trends project nothing: scale-down waits for load that is actually gone.
 */
final class DemandTrend {
    private DemandTrend() {
    }

    /**
     * @param factor   projected over current demand, at least 1
     * @param signal   the arrival rate that gave it, null when nothing rises
     * @param current  that rate now
     * @param slope    its rise per second
     * @param r2       how straight the rise is (R² of rate against time)
     */
    record Projection(double factor, String signal, double current, double slope, double r2) {
        static final Projection NONE = new Projection(1, null, 0, 0, 0);

        String describe(Duration startup) {
            if (signal == null) {
                return "no rising arrival trend";
            }
            return signal + " rising " + num(slope) + "/s from " + num(current) + " projects ×" + num(factor)
                    + " over the " + seconds(startup) + " start-up";
        }
    }

    /** The projection from {@code samples} (the current tick last) for {@code role}. */
    static Projection project(SloState.LoadSamples samples, ServingRole role, Instant now, SloConfig config) {
        Projection best = Projection.NONE;
        double ahead = config.startupTime().toMillis() / 1000.0;
        long nowMillis = now.toEpochMilli();
        long windowMillis = config.trendWindow().toMillis();
        for (String signal : role.arrivalSignals()) {
            SimpleRegression r = new SimpleRegression();
            int field = SloState.LoadSamples.field(signal);
            double current = Double.NaN;
            for (int i = 0; i < samples.size(); i++) {
                double v = samples.value(i, field);
                // plain millis: this runs for every sample of every component on every tick
                long age = nowMillis - samples.timeMillis(i);
                if (Double.isNaN(v) || age < 0 || age >= windowMillis) {
                    continue;
                }
                r.addData(-age / 1000.0, v);
                if (age == 0) {
                    current = v;
                }
            }
            if (!(current > 0) || r.getN() < config.trendMinPoints()) {
                continue;
            }
            double slope = r.getSlope();
            double r2 = r.getRSquare();
            if (!(slope > 0) || !(r2 >= config.trendMinR2())) {
                continue;
            }
            double factor = Math.min(config.maxGrowth(), (current + slope * ahead) / current);
            if (factor > best.factor()) {
                best = new Projection(factor, signal, current, slope, r2);
            }
        }
        return best;
    }
}
