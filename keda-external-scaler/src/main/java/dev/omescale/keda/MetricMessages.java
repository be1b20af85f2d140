package dev.omescale.keda;

import dev.omescale.keda.proto.GetMetricSpecResponse;
import dev.omescale.keda.proto.GetMetricsResponse;
import dev.omescale.keda.proto.MetricSpec;
import dev.omescale.keda.proto.MetricValue;

/**
 * The wire form of targets and values. Both the float field (KEDA ≥ 2.17) and the deprecated int64 field
 * (read by older KEDA) are always set; the int is the float rounded up, and a target's int is at least 1
 * because the HPA rejects a zero target. KEDA uses the float when it is above 0, else the int, so a real 0
 * reads 0 either way.
 */
final class MetricMessages {
    private MetricMessages() {
    }

    static GetMetricSpecResponse spec(MetricTarget t) {
        return GetMetricSpecResponse.newBuilder().addMetricSpecs(MetricSpec.newBuilder()
                .setMetricName(t.metricName())
                .setTargetSizeFloat(t.target())
                .setTargetSize(Math.max(1, roundUp(t.target())))
                .build()).build();
    }

    /** Exactly one value: KEDA appends every returned value and the HPA sums them. */
    static GetMetricsResponse value(Reading r) {
        return GetMetricsResponse.newBuilder().addMetricValues(MetricValue.newBuilder()
                .setMetricName(r.metricName())
                .setMetricValueFloat(r.metricValue())
                .setMetricValue(roundUp(r.metricValue()))
                .build()).build();
    }

    /** Ceiling, saturated to the int64 range (the values are finite: missing data never gets here). */
    static long roundUp(double v) {
        double c = Math.ceil(v);
        if (c >= 0x1p63) {
            return Long.MAX_VALUE;
        }
        if (c < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) c;
    }
}
