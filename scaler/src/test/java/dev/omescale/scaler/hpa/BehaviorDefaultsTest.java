package dev.omescale.scaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BehaviorDefaultsTest {

    private static final HpaScalingPolicy PODS_2_60 = new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, 2, 60);

    @Test
    void emptyBehaviorGetsEveryDefault() {
        EffectiveBehavior b = BehaviorDefaults.apply(new HpaBehavior(null, null));
        assertThat(b.scaleUp()).isEqualTo(new EffectiveRules(0, SelectPolicy.MAX, List.of(
                new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, 4, 15),
                new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, 100, 15)), 0.1));
        assertThat(b.scaleDown()).isEqualTo(new EffectiveRules(300, SelectPolicy.MAX, List.of(
                new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, 100, 15)), 0.1));
        assertThat(b.tolerances()).isEqualTo(Tolerances.DEFAULT);
    }

    @Test
    void setFieldsWinAndPoliciesReplaceTheDefaultsEntirely() {
        HpaBehavior user = new HpaBehavior(
                new HpaScalingRules(30, null, List.of(PODS_2_60), 0.05),
                new HpaScalingRules(null, SelectPolicy.MIN, null, null));
        EffectiveBehavior b = BehaviorDefaults.apply(user);
        assertThat(b.scaleUp()).isEqualTo(new EffectiveRules(30, SelectPolicy.MAX, List.of(PODS_2_60), 0.05));
        assertThat(b.scaleDown()).isEqualTo(new EffectiveRules(300, SelectPolicy.MIN,
                BehaviorDefaults.SCALE_DOWN_POLICIES, 0.1));
        assertThat(b.tolerances()).isEqualTo(new Tolerances(0.1, 0.05));
        assertThat(b.scaleUp().longestPeriodSeconds()).isEqualTo(60);
    }

    @Test
    void controllerFlagsFillTheScaleDownWindowAndTolerance() {
        HpaControllerConfig config = new HpaControllerConfig(0.2, ToleranceForm.KUBERNETES_1_33,
                Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(30));
        EffectiveBehavior b = BehaviorDefaults.apply(new HpaBehavior(null, new HpaScalingRules(0, null, null, null)),
                config);
        assertThat(b.scaleDown().stabilizationWindowSeconds()).isZero(); // an explicit 0 is kept
        assertThat(BehaviorDefaults.apply(new HpaBehavior(null, null), config).scaleDown()
                .stabilizationWindowSeconds()).isEqualTo(120);
        assertThat(b.tolerances()).isEqualTo(Tolerances.of(0.2));
    }

    @Test
    void legacyToleranceFormIgnoresPerHpaTolerances() {
        HpaBehavior user = new HpaBehavior(new HpaScalingRules(null, null, null, 0.01), null);
        HpaControllerConfig legacy = HpaControllerConfig.DEFAULT.withToleranceForm(ToleranceForm.LEGACY);
        assertThat(BehaviorDefaults.tolerances(user, legacy)).isEqualTo(Tolerances.DEFAULT);
        assertThat(BehaviorDefaults.tolerances(user, HpaControllerConfig.DEFAULT))
                .isEqualTo(new Tolerances(0.1, 0.01));
        assertThat(BehaviorDefaults.tolerances(null, HpaControllerConfig.DEFAULT)).isEqualTo(Tolerances.DEFAULT);
    }

    @Test
    void nullBehaviorHasNoDefaults() {
        assertThatThrownBy(() -> BehaviorDefaults.apply(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legacy path");
    }

    @Test
    void invalidValuesNameTheFieldAndTheFix() {
        assertThatThrownBy(() -> BehaviorDefaults.apply(new HpaBehavior(
                new HpaScalingRules(3601, null, null, null), null)))
                .hasMessageContaining("behavior.scaleUp.stabilizationWindowSeconds is 3601");
        assertThatThrownBy(() -> BehaviorDefaults.apply(new HpaBehavior(
                null, new HpaScalingRules(null, null, List.of(), null))))
                .hasMessageContaining("behavior.scaleDown.policies is empty");
        assertThatThrownBy(() -> BehaviorDefaults.apply(new HpaBehavior(null, new HpaScalingRules(null, null,
                List.of(new HpaScalingPolicy(HpaScalingPolicy.Type.PERCENT, 0, 15)), null))))
                .hasMessageContaining("value > 0");
        assertThatThrownBy(() -> BehaviorDefaults.apply(new HpaBehavior(null, new HpaScalingRules(null, null,
                List.of(new HpaScalingPolicy(HpaScalingPolicy.Type.PODS, 1, 1801)), null))))
                .hasMessageContaining("1 to 1800");
        assertThatThrownBy(() -> BehaviorDefaults.apply(new HpaBehavior(
                new HpaScalingRules(null, null, null, -0.5), null)))
                .hasMessageContaining("behavior.scaleUp.tolerance is -0.5");
    }
}
