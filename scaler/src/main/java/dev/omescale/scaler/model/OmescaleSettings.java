package dev.omescale.scaler.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.omescale.scaler.hpa.HpaBehavior;

/**
 * omescale's own settings for a component, from its merged {@code omescale.dev/*} annotations. Each is null when not
 * set or not valid (the problem is reported); {@link #raw()} keeps every annotation string as written.
 *
 * @param sloTtftP95      target for the 95th percentile time to first token
 * @param sloItlP95       target for the 95th percentile inter-token latency
 * @param policies        the policies to run, never empty; see {@link EffectiveSpecResolver} for the default rule
 * @param policySource    ANNOTATION when {@code omescale.dev/policy} chose them, DEFAULT otherwise
 * @param scaleToZeroIdle idle time after which a RawDeployment component may go to 0
 * @param decoderRatio    decoders-per-engine bounds
 * @param behavior        HPA behavior overrides
 * @param multinodeLever  whether the MultiNode lever (patching {@code spec.<c>.minReplicas}) is allowed
 * @param raw             every {@code omescale.dev/} annotation of the component, as written
 */
public record OmescaleSettings(
        Duration sloTtftP95,
        Duration sloItlP95,
        List<PolicyKind> policies,
        SettingSource policySource,
        Duration scaleToZeroIdle,
        DecoderRatio decoderRatio,
        HpaBehavior behavior,
        boolean multinodeLever,
        Map<String, String> raw) {

    /** The only value {@code omescale.dev/multinode-lever} accepts. */
    public static final String LEVER_MIN_REPLICAS = "minReplicas";

    public OmescaleSettings {
        policies = List.copyOf(policies);
        raw = Map.copyOf(raw);
    }

    public boolean hasSlo() {
        return sloTtftP95 != null || sloItlP95 != null;
    }
}
