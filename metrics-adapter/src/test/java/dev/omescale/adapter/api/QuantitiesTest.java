package dev.omescale.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    // The spec's canonical examples (metrics-api.md section 5), then rounding and sign cases.
    @ParameterizedTest
    @CsvSource({
            "1.5, 1500m", "0.08, 80m", "3000, 3k", "1025, 1025", "1e9, 1G", "0, 0", "2, 2", "0.25, 250m",
            "2.5, 2500m", "7, 7", "1500000, 1500k", "1e18, 1E", "1e21, 1000E",
            "12.3456, 12346m", "0.0125, 13m", "0.0005, 1m", "0.0004, 0", "-1.5, -1500m", "-3000, -3k",
            "0.1, 100m", "1.1, 1100m", "999.9995, 1k", "123456.789, 123456789m"})
    void canonicalForms(double value, String quantity) {
        assertThat(Quantities.format(value)).isEqualTo(quantity);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteValuesHaveNoQuantity(double value) {
        assertThatThrownBy(() -> Quantities.format(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing data");
    }

    @Test
    void theHpaReadsTheValueRoundedHalfUpToMilli() {
        // The HPA's MilliValue (scaler's Quantities.milli) of what we write is the value rounded half up to milli.
        qt().forAll(doubles().between(-1e12, 1e12)).checkAssert(v -> {
            long expected = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).movePointRight(3).longValueExact();
            assertThat(dev.omescale.scaler.hpa.Quantities.milli(Quantities.format(v))).isEqualTo(expected);
        });
    }

    @Test
    void formsAreCanonical() {
        qt().forAll(longs().between(-1_000_000_000_000L, 1_000_000_000_000L)).checkAssert(milli -> {
            String q = Quantities.format(milli / 1000.0);
            // Whole mantissa, and no larger suffix would keep it whole.
            assertThat(q).matches("-?[0-9]+(m|k|M|G|T|P|E)?");
            String digits = q.replaceAll("[^0-9]", "");
            if (milli != 0 && !q.endsWith("E")) {
                assertThat(digits).doesNotEndWith("000");
            }
        });
    }
}
