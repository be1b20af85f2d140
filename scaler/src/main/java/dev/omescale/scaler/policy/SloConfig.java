package dev.omescale.scaler.policy;

import java.time.Duration;

/**
 * The knobs of {@link SloPolicy}. {@link #DEFAULTS} follows the sources in {@code autoscaling-sota.md} where they
 * agree: Dynamo's 80 % sensitivity for the headroom and the N − 1 check, WVA's 0.85 KV limit for consolidation,
 * AIBrix's 2–3 minute pod start-up.
 *
 * @param startupTime       how long a new pod takes to serve: demand is projected this far ahead
 * @param headroom          the share of each SLO aimed at, so p95 noise and the start-up lag stay under it
 * @param kvSaturated       KV cache utilization at which pods are saturated: never fewer, one more
 * @param kvScaleDownLimit  a scale-down must keep {@code kv × N / (N − 1)} under this
 * @param settleTime        the ready count must be unchanged this long before a tick is learned from, so the window
 *                          behind a p95 saw the same replicas as the load
 * @param trendWindow       the span of ticks whose arrival rates give the trend
 * @param trendMinPoints    ticks needed in the window before a trend counts
 * @param trendMinR2        how straight the trend must be (R² of rate against time) to be believed
 * @param maxGrowth         the largest factor a trend may project demand by
 * @param fitMinPoints      distinct load levels needed before a latency fit is used
 * @param fitMinLoadSpread  the highest learned load per replica over the lowest, at least this
 * @param fitMinR2          weighted R² a fit needs
 * @param binWidth          load levels within this relative width share one learned point (0.1 = 10 %)
 * @param maxPoints         learned points kept per SLO; the least weighty go first
 * @param halfLife          a learned point's weight halves over this, so the model follows a changing workload
 * @param maxExtrapolation  capacity is at most this many times the highest load per replica ever learned
 * @param burstMemory       half-life of the remembered peak demand: a scale-down must also serve the peak of the
 *                          recent past, decayed by this, because bursts shorter than the pod start-up recur and cannot
 *                          be answered by scaling up when they come
 * @param tokenUtilization  once a replica's token throughput is known (learned while it was saturated), replicas are
 *                          added when the projected token rate would load them beyond this share of it; a scale-down
 *                          must keep them within {@code headroom} of it, so the band between the two keeps a fleet
 *                          from going down and up again on noise
 */
public record SloConfig(
        Duration startupTime,
        double headroom,
        double kvSaturated,
        double kvScaleDownLimit,
        Duration settleTime,
        Duration trendWindow,
        int trendMinPoints,
        double trendMinR2,
        double maxGrowth,
        int fitMinPoints,
        double fitMinLoadSpread,
        double fitMinR2,
        double binWidth,
        int maxPoints,
        Duration halfLife,
        double maxExtrapolation,
        Duration burstMemory,
        double tokenUtilization) {

    public static final SloConfig DEFAULTS = new SloConfig(Duration.ofSeconds(120), 0.8, 0.9, 0.85,
            Duration.ofSeconds(60), Duration.ofSeconds(180), 3, 0.5, 4.0, 5, 1.5, 0.6, 0.1, 48,
            Duration.ofMinutes(30), 2.0, Duration.ofMinutes(10), 0.9);

    /** The settings without a burst memory of their own: the default 10 minutes. */
    public SloConfig(Duration startupTime, double headroom, double kvSaturated, double kvScaleDownLimit,
                     Duration settleTime, Duration trendWindow, int trendMinPoints, double trendMinR2,
                     double maxGrowth, int fitMinPoints, double fitMinLoadSpread, double fitMinR2, double binWidth,
                     int maxPoints, Duration halfLife, double maxExtrapolation) {
        this(startupTime, headroom, kvSaturated, kvScaleDownLimit, settleTime, trendWindow, trendMinPoints,
                trendMinR2, maxGrowth, fitMinPoints, fitMinLoadSpread, fitMinR2, binWidth, maxPoints, halfLife,
                maxExtrapolation, Duration.ofMinutes(10));
    }

    /** The settings without a token utilization of their own: the default 0.9. */
    public SloConfig(Duration startupTime, double headroom, double kvSaturated, double kvScaleDownLimit,
                     Duration settleTime, Duration trendWindow, int trendMinPoints, double trendMinR2,
                     double maxGrowth, int fitMinPoints, double fitMinLoadSpread, double fitMinR2, double binWidth,
                     int maxPoints, Duration halfLife, double maxExtrapolation, Duration burstMemory) {
        this(startupTime, headroom, kvSaturated, kvScaleDownLimit, settleTime, trendWindow, trendMinPoints,
                trendMinR2, maxGrowth, fitMinPoints, fitMinLoadSpread, fitMinR2, binWidth, maxPoints, halfLife,
                maxExtrapolation, burstMemory, 0.9);
    }

    public SloConfig {
        require(!startupTime.isNegative(), "startupTime", startupTime, "must not be negative, e.g. 120s");
        require(headroom > 0 && headroom <= 1, "headroom", headroom, "must be above 0 and at most 1, e.g. 0.8");
        require(kvSaturated > 0 && kvSaturated <= 1, "kvSaturated", kvSaturated, "must be in (0, 1], e.g. 0.9");
        require(kvScaleDownLimit > 0 && kvScaleDownLimit <= kvSaturated, "kvScaleDownLimit", kvScaleDownLimit,
                "must be above 0 and at most kvSaturated, e.g. 0.85");
        require(!settleTime.isNegative(), "settleTime", settleTime, "must not be negative, e.g. 60s");
        require(!trendWindow.isNegative() && !trendWindow.isZero(), "trendWindow", trendWindow,
                "must be positive, e.g. 180s");
        require(trendMinPoints >= 2, "trendMinPoints", trendMinPoints, "must be at least 2, e.g. 3");
        require(trendMinR2 >= 0 && trendMinR2 <= 1, "trendMinR2", trendMinR2, "must be in [0, 1], e.g. 0.5");
        require(maxGrowth >= 1, "maxGrowth", maxGrowth, "must be at least 1, e.g. 4");
        require(fitMinPoints >= 2, "fitMinPoints", fitMinPoints, "must be at least 2, e.g. 5");
        require(fitMinLoadSpread >= 1, "fitMinLoadSpread", fitMinLoadSpread, "must be at least 1, e.g. 1.5");
        require(fitMinR2 >= 0 && fitMinR2 <= 1, "fitMinR2", fitMinR2, "must be in [0, 1], e.g. 0.6");
        require(binWidth > 0 && binWidth <= 1, "binWidth", binWidth, "must be in (0, 1], e.g. 0.1");
        require(maxPoints >= fitMinPoints, "maxPoints", maxPoints, "must be at least fitMinPoints, e.g. 48");
        require(!halfLife.isNegative() && !halfLife.isZero(), "halfLife", halfLife, "must be positive, e.g. 30m");
        require(maxExtrapolation >= 1, "maxExtrapolation", maxExtrapolation, "must be at least 1, e.g. 2");
        require(burstMemory != null && !burstMemory.isNegative(), "burstMemory", burstMemory,
                "must be 0 or more, e.g. 10m (0 forgets peaks at once)");
        require(tokenUtilization > 0 && tokenUtilization <= 1, "tokenUtilization", tokenUtilization,
                "must be above 0 and at most 1, e.g. 0.9");
    }

    public SloConfig withStartupTime(Duration d) {
        return new SloConfig(d, headroom, kvSaturated, kvScaleDownLimit, settleTime, trendWindow, trendMinPoints,
                trendMinR2, maxGrowth, fitMinPoints, fitMinLoadSpread, fitMinR2, binWidth, maxPoints, halfLife,
                maxExtrapolation, burstMemory, tokenUtilization);
    }

    public SloConfig withBurstMemory(Duration d) {
        return new SloConfig(startupTime, headroom, kvSaturated, kvScaleDownLimit, settleTime, trendWindow,
                trendMinPoints, trendMinR2, maxGrowth, fitMinPoints, fitMinLoadSpread, fitMinR2, binWidth, maxPoints,
                halfLife, maxExtrapolation, d, tokenUtilization);
    }

    public SloConfig withHeadroom(double h) {
        return new SloConfig(startupTime, h, kvSaturated, kvScaleDownLimit, settleTime, trendWindow, trendMinPoints,
                trendMinR2, maxGrowth, fitMinPoints, fitMinLoadSpread, fitMinR2, binWidth, maxPoints, halfLife,
                maxExtrapolation, burstMemory, tokenUtilization);
    }

    public SloConfig withSettleTime(Duration d) {
        return new SloConfig(startupTime, headroom, kvSaturated, kvScaleDownLimit, d, trendWindow, trendMinPoints,
                trendMinR2, maxGrowth, fitMinPoints, fitMinLoadSpread, fitMinR2, binWidth, maxPoints, halfLife,
                maxExtrapolation, burstMemory, tokenUtilization);
    }

    private static void require(boolean ok, String field, Object value, String fix) {
        if (!ok) {
            throw new IllegalArgumentException("SLO policy config " + field + " = " + value + ": " + fix);
        }
    }
}
