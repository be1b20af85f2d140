package dev.omescale.scaler.hpa;

import java.time.Duration;
import java.time.Instant;

/** Pods and samples for the HPA tests; times are relative to {@link #NOW}. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Instant LONG_AGO = NOW.minusSeconds(3600);
    static final Duration WINDOW = Duration.ofSeconds(60);

    private Fixtures() {
    }

    /** Running, Ready for an hour, started an hour ago: ready under every rule. */
    static PodInfo ready(String name, long requestMilli) {
        return new PodInfo(name, PodPhase.RUNNING, false, ReadyCondition.TRUE, LONG_AGO, LONG_AGO, requestMilli);
    }

    static PodInfo ready(String name) {
        return ready(name, 1000);
    }

    /** Running but NotReady since it started an hour ago (never became ready). */
    static PodInfo notReady(String name, long requestMilli) {
        return new PodInfo(name, PodPhase.RUNNING, false, ReadyCondition.FALSE, LONG_AGO, LONG_AGO, requestMilli);
    }

    static PodInfo pending(String name, long requestMilli) {
        return new PodInfo(name, PodPhase.PENDING, false, ReadyCondition.FALSE, null, null, requestMilli);
    }

    static PodInfo withPhase(String name, PodPhase phase, boolean deleted) {
        return new PodInfo(name, phase, deleted, ReadyCondition.TRUE, LONG_AGO, LONG_AGO, 1000);
    }

    static PodSample sample(String pod, long valueMilli) {
        return new PodSample(pod, valueMilli, NOW, WINDOW);
    }

    static MetricValue value(long milli) {
        return new MetricValue(milli, NOW);
    }
}
