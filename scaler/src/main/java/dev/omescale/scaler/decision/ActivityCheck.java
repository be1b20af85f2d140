package dev.omescale.scaler.decision;

import dev.omescale.scaler.decision.Explanation.Activity;
import dev.omescale.scaler.model.KedaTrigger;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.QueryValue;
import dev.omescale.telemetry.signal.ComponentSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/**
 * KEDA-style activation for scale to zero: a component is active when any activity input is above 0 (KEDA's
 * default activation threshold), and idle only when the evidence is fresh and complete: the signals are within
 * their age limit, at least one activity signal was reported by every pod and is 0, and the PromQL query, when one
 * is configured, returned a fresh 0. Anything less is unknown, which never starts or completes the idle timer.
 */
final class ActivityCheck {

    /** The activity signals, read from the signal catalog's vocabulary. */
    static final List<String> SIGNALS = List.of(SignalCatalog.CONCURRENCY, SignalCatalog.QUEUE_LENGTH,
            SignalCatalog.REQUEST_RATE);

    record Result(Activity activity, String evidence) {
    }

    private ActivityCheck() {
    }

    static Result check(ComponentInputs inputs, KedaTrigger keda) {
        StringJoiner evidence = new StringJoiner(", ");
        boolean active = false;
        Activity signals = signals(inputs, evidence);
        active |= signals == Activity.ACTIVE;
        Activity query = Activity.IDLE;
        if (keda != null && keda.queryConfigured()) {
            query = query(inputs, evidence);
            active |= query == Activity.ACTIVE;
        }
        if (active) {
            return new Result(Activity.ACTIVE, evidence.toString());
        }
        boolean idle = signals == Activity.IDLE && query == Activity.IDLE;
        return new Result(idle ? Activity.IDLE : Activity.UNKNOWN, evidence.toString());
    }

    private static Activity signals(ComponentInputs inputs, StringJoiner evidence) {
        ComponentSignals s = inputs.signals();
        if (s == null || s.dataTimeMillis() <= 0) {
            evidence.add("no signals");
            return Activity.UNKNOWN;
        }
        Duration age = inputs.signalAge();
        if (age.compareTo(inputs.maxSignalAge()) > 0) {
            evidence.add("signals " + Texts.duration(age) + " old (limit " + Texts.duration(inputs.maxSignalAge())
                    + ")");
            return Activity.UNKNOWN;
        }
        boolean active = false;
        boolean completeZero = false;
        boolean partialZero = false;
        for (String name : SIGNALS) {
            Double v = s.get(name);
            if (v == null) {
                evidence.add(name + " missing");
                continue;
            }
            if (v > 0) {
                active = true;
                evidence.add(name + " " + Texts.number(v) + " > 0");
                continue;
            }
            int reported = s.podsWithData().getOrDefault(name, 0);
            if (reported >= s.pods().size()) {
                completeZero = true;
                evidence.add(name + " 0");
            } else {
                // a 0 summed over some of the pods says nothing about the others
                partialZero = true;
                evidence.add(name + " 0 from " + reported + " of " + s.pods().size() + " pods");
            }
        }
        if (active) {
            return Activity.ACTIVE;
        }
        return completeZero && !partialZero ? Activity.IDLE : Activity.UNKNOWN;
    }

    private static Activity query(ComponentInputs inputs, StringJoiner evidence) {
        QueryValue q = inputs.promql();
        if (q == null) {
            evidence.add("query not evaluated");
            return Activity.UNKNOWN;
        }
        if (!q.ok()) {
            evidence.add("query failed: " + q.error());
            return Activity.UNKNOWN;
        }
        if (q.value() > 0) {
            evidence.add("query " + Texts.number(q.value()) + " > 0");
            return Activity.ACTIVE;
        }
        if (q.value() < 0) {
            // KEDA's -1 for a null sample: not active, but not evidence of idleness either
            evidence.add("query " + Texts.number(q.value()) + " (null sample)");
            return Activity.UNKNOWN;
        }
        Duration age = q.timestamp() == null ? ComponentInputs.NEVER
                : Duration.between(q.timestamp(), inputs.now());
        if (age.compareTo(inputs.maxSignalAge()) > 0) {
            evidence.add("query " + Texts.duration(age) + " old (limit " + Texts.duration(inputs.maxSignalAge())
                    + ")");
            return Activity.UNKNOWN;
        }
        evidence.add("query " + Texts.number(q.value()));
        return Activity.IDLE;
    }
}
