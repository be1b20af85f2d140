package dev.omescale.scaler.model;

/**
 * The per-pod target for the component's scaleMetric.
 *
 * @param value  percent of the resource request for cpu/memory; requests in flight (concurrency) or requests per
 *               second (rps) per pod otherwise
 * @param type   how {@code value} is read
 * @param source where it came from; DEFAULT means nobody wrote it
 */
public record ScaleTarget(int value, Type type, SettingSource source) {

    public enum Type {
        /** HPA Resource metric, target {@code averageUtilization} in percent. */
        UTILIZATION_PERCENT,
        /** A per-pod average value, like an HPA AverageValue target or Knative's per-pod target. */
        AVERAGE_VALUE
    }

    /** OME's HPA utilization default. */
    public static final int DEFAULT_UTILIZATION_PERCENT = 80;
    /** Knative's {@code container-concurrency-target-default}, which OME's Serverless path inherits. */
    public static final int DEFAULT_CONCURRENCY = 100;
    /** Knative's {@code requests-per-second-target-default}, which OME's Serverless path inherits. */
    public static final int DEFAULT_RPS = 200;

    public boolean defaulted() {
        return source == SettingSource.DEFAULT;
    }
}
