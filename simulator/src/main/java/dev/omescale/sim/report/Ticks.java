package dev.omescale.sim.report;

import java.util.ArrayList;
import java.util.List;

/** Round axis ticks (1, 2 or 5 times a power of ten) from 0 to a maximum, about five of them. */
final class Ticks {
    private Ticks() {
    }

    static List<Double> of(double max) {
        List<Double> ticks = new ArrayList<>();
        if (!(max > 0) || Double.isInfinite(max)) {
            ticks.add(0.0);
            return ticks;
        }
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        for (int i = 0; i * step <= max * (1 + 1e-9); i++) {
            ticks.add(i * step);
        }
        return ticks;
    }
}
