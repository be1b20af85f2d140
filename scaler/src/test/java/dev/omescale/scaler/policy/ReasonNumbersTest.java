package dev.omescale.scaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReasonNumbersTest {
    @ParameterizedTest
    @CsvSource({"0, 0", "2, 2", "0.25, 0.25", "12.3333, 12.333", "0.0005, 0.001", "0.0004, 0", "-0.02, -0.02",
            "0.05, 0.05", "0.007, 0.007", "1.0001, 1", "42.8571, 42.857", "1000000, 1000000", "-3.5, -3.5",
            "0.1 , 0.1", "2.106, 2.106", "1e13, 10000000000000"})
    void threeDecimalsAtMost(double v, String text) {
        assertThat(ReasonNumbers.num(v)).isEqualTo(text);
    }
}
