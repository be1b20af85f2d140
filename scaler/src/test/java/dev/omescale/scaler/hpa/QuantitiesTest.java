package dev.omescale.scaler.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} -> {1}m")
    @CsvSource({
            "0.0, 0",
            "1.0, 1000",
            "1.1, 1100",          // 1.1 × 1000 is 1100.0000000000002 in doubles; MilliValue works on the decimal
            "2.15, 2150",
            "0.0001, 1",          // rounds up, like MilliValue
            "0.0015, 2",
            "-0.0015, -1",        // ceiling, toward +inf
            "8.6, 8600",
            "1234567.891, 1234567891",
    })
    void doubleToMilliRoundsTheDecimalUp(double value, long milli) {
        assertThat(Quantities.milli(value)).isEqualTo(milli);
    }

    @Test
    void doubleSaturatesAtTheInt64Range() {
        assertThat(Quantities.milli(1e300)).isEqualTo(Long.MAX_VALUE);
        assertThat(Quantities.milli(-1e300)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void nonFiniteDoublesAreRejected() {
        assertThatThrownBy(() -> Quantities.milli(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Quantities.milli(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}m")
    @CsvSource({
            "500m, 500",
            "2, 2000",
            "2.15, 2150",
            "0.05, 50",
            "1k, 1000000",
            "1Ki, 1024000",
            "1.5Gi, 1610612736000",
            "1e3, 1000000",
            "1E-3, 1",
            "100n, 1",            // 0.0001m rounds up to 1m
            "1u, 1",
            "-1.5, -1500",
            "+3, 3000",
            ".5, 500",
            "5., 5000",
            "1M, 1000000000",
    })
    void quantityStringsFollowTheKubernetesGrammar(String quantity, long milli) {
        assertThat(Quantities.milli(quantity)).isEqualTo(milli);
    }

    @Test
    void badQuantityStringsNameTheInputAndTheFix() {
        assertThatThrownBy(() -> Quantities.milli("12 cores")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"12 cores\"").hasMessageContaining("500m");
        assertThatThrownBy(() -> Quantities.milli("1Zi")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantities.milli("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantities.milli((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantities.milli("10E")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Quantities.milli("1e99999999999")).isInstanceOf(IllegalArgumentException.class);
    }
}
