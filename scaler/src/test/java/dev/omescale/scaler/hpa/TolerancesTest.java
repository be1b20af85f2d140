package dev.omescale.scaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TolerancesTest {

    @ParameterizedTest(name = "down {0} up {1}: r = {2} within = {3}")
    @CsvSource({
            // edges are inclusive: 1 - 0.1 = 0.9 and 1 + 0.1 = 1.1 in float64
            "0.1, 0.1, 0.9, true",
            "0.1, 0.1, 1.1, true",
            "0.1, 0.1, 1.0, true",
            "0.1, 0.1, 0.8999999999999999, false",
            "0.1, 0.1, 1.1000000000000003, false",
            "0.1, 0.1, 0.5, false",
            "0.1, 0.1, 1.5, false",
            // per direction: 1 + 0.01 = 1.01 exactly in float64
            "0.1, 0.01, 1.01, true",
            "0.1, 0.01, 1.0238, false",
            "0.1, 0.01, 0.95, true",
            "0.5, 0.0, 0.5, true",
            "0.5, 0.0, 0.49, false",
            "0.5, 0.0, 1.0, true",
            "0.5, 0.0, 1.0000000000000002, false",
            "0.0, 0.0, 1.0, true",
    })
    void withinIsInclusiveAndPerDirection(double down, double up, double ratio, boolean within) {
        assertThat(new Tolerances(down, up).within(ratio)).isEqualTo(within);
        assertThat(new Tolerances(down, up).within(ratio, ToleranceForm.KUBERNETES_1_33)).isEqualTo(within);
    }

    @Test
    void vector10_4_theTwoFormsDisagreeAtExactly1_1() {
        double r = (double) 1100 / (double) 1000;
        assertThat(r).isEqualTo(1.1);
        assertThat(Math.abs(1 - r)).isEqualTo(0.10000000000000009);
        assertThat(Tolerances.DEFAULT.within(r, ToleranceForm.KUBERNETES_1_33)).isTrue();
        assertThat(Tolerances.DEFAULT.within(r, ToleranceForm.LEGACY)).isFalse();
        assertThat(Tolerances.DEFAULT.legacyWithin(r)).isFalse();
    }

    @ParameterizedTest(name = "legacy |1 - {0}| <= 0.1 is {1}")
    @CsvSource({"0.9, true", "1.0, true", "1.05, true", "1.1, false", "0.89, false", "1.2, false"})
    void legacyFormIsTheAbsoluteDifference(double ratio, boolean within) {
        assertThat(Tolerances.DEFAULT.legacyWithin(ratio)).isEqualTo(within);
    }

    @Test
    void nanIsNeverWithin() {
        assertThat(Tolerances.DEFAULT.within(Double.NaN)).isFalse();
        assertThat(Tolerances.DEFAULT.legacyWithin(Double.NaN)).isFalse();
    }

    @Test
    void rejectsNegativeOrNonFiniteTolerances() {
        assertThatThrownBy(() -> new Tolerances(-0.1, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scaleDown").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new Tolerances(0.1, Double.NaN)).hasMessageContaining("scaleUp");
        assertThatThrownBy(() -> Tolerances.of(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
