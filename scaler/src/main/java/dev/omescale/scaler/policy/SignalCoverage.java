package dev.omescale.scaler.policy;

import dev.omescale.telemetry.signal.ComponentSignals;

/** Whether a component total covers all of its pods: a partial total reads low and must not drive a scale-down. */
final class SignalCoverage {
    private SignalCoverage() {
    }

    /** Null when the total covers every pod with a scrape target, else "n of m pods". */
    static String partial(ComponentSignals signals, String name) {
        if (signals == null) {
            return null;
        }
        Integer with = signals.podsWithData().get(name);
        int all = signals.pods().size();
        if (with == null || with >= all) {
            return null;
        }
        return with + " of " + all + " pods";
    }
}
