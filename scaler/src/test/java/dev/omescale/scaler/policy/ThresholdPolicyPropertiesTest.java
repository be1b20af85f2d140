package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.PolicyFixtures.NOW;
import static dev.omescale.scaler.policy.PolicyFixtures.withTrigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** More load (a higher value read as load, a lower value read as headroom) never proposes fewer replicas. */
class ThresholdPolicyPropertiesTest {

    private static final EffectiveComponentSpec BASE = ThresholdPolicyTest.spec("10", "GreaterThan");
    private static final List<Double> THRESHOLDS = List.of(0.001, 0.07, 1.0, 10.0, 37.5, 1000.0);

    /** Values from 0 to 10,000 in steps of 0.001, so milli rounding and tolerance edges both come up. */
    private static Gen<Double> values() {
        return integers().between(0, 10_000_000).map(i -> i / 1000.0);
    }

    private static Integer replicas(String operator, double threshold, int current, double value) {
        EffectiveComponentSpec spec = withTrigger(BASE, threshold, operator);
        return ThresholdPolicy.DEFAULT.propose(new PolicyFixtures.Inputs(spec, current)
                .promql(QueryValue.of(value, NOW)).build(), NoState.INSTANCE).proposal().replicas();
    }

    @Test
    void higherLoadNeverFewerReplicas() {
        qt().forAll(Generate.pick(List.of("GreaterThan", "GreaterThanOrEqual")), Generate.pick(THRESHOLDS),
                integers().between(0, 20), values().zip(values(), (a, b) -> new double[] {Math.min(a, b),
                        Math.max(a, b)}))
                .checkAssert((op, threshold, current, pair) -> assertThat(replicas(op, threshold, current, pair[1]))
                        .as("%s threshold %s at %d replicas: %s then %s", op, threshold, current, pair[0], pair[1])
                        .isGreaterThanOrEqualTo(replicas(op, threshold, current, pair[0])));
    }

    @Test
    void lessHeadroomNeverFewerReplicas() {
        qt().forAll(Generate.pick(List.of("LessThan", "LessThanOrEqual")), Generate.pick(THRESHOLDS),
                integers().between(0, 12), values().zip(values(), (a, b) -> new double[] {Math.max(a, b),
                        Math.min(a, b)}))
                .checkAssert((op, threshold, current, pair) -> assertThat(replicas(op, threshold, current, pair[1]))
                        .as("%s threshold %s at %d replicas: headroom %s then %s", op, threshold, current, pair[0],
                                pair[1])
                        .isGreaterThanOrEqualTo(replicas(op, threshold, current, pair[0])));
    }

    @Test
    void headroomProposalsNeverExceedMaxOrCurrent() {
        qt().forAll(Generate.pick(THRESHOLDS), integers().between(0, 12), values())
                .checkAssert((threshold, current, value) -> assertThat(replicas("LessThan", threshold, current,
                        value)).isBetween(0, Math.max(BASE.maxReplicas(), current)));
    }
}
