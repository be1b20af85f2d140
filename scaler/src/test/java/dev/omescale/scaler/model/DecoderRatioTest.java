package dev.omescale.scaler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class DecoderRatioTest {

    @Test
    void parsesRangesAndSingleRatios() {
        assertThat(DecoderRatio.parse("1:1-1:4")).isEqualTo(new DecoderRatio(1, 1, 1, 4));
        assertThat(DecoderRatio.parse(" 2 : 1 - 1 : 1 ")).isEqualTo(new DecoderRatio(2, 1, 1, 1));
        assertThat(DecoderRatio.parse("1:2")).isEqualTo(new DecoderRatio(1, 2, 1, 2));
        assertThat(DecoderRatio.parse("1:2")).hasToString("1:2");
        assertThat(DecoderRatio.parse("1:1-1:4")).hasToString("1:1-1:4");
    }

    @Test
    void boundsUseExactIntegerArithmetic() {
        DecoderRatio r = DecoderRatio.parse("2:3-1:3");
        assertThat(r.minDecodersPerEngine()).isEqualTo(1.5);
        assertThat(r.maxDecodersPerEngine()).isEqualTo(3.0);
        assertThat(r.minDecoders(3)).isEqualTo(5);   // 4.5 rounds up
        assertThat(r.maxDecoders(3)).isEqualTo(9);
        assertThat(r.minEngines(9)).isEqualTo(3);
        assertThat(r.maxEngines(9)).isEqualTo(6);
        assertThat(r.allows(3, 5)).isTrue();
        assertThat(r.allows(3, 4)).isFalse();
        assertThat(r.allows(3, 10)).isFalse();
        // 3:1 is a third of a decoder per engine; 3 engines need exactly one, not 0.999.
        assertThat(DecoderRatio.parse("3:1").minDecoders(3)).isEqualTo(1);
        assertThat(DecoderRatio.parse("3:1").maxDecoders(3)).isEqualTo(1);
    }

    @Test
    void theConstructorRejectsWhatParseRejects() {
        assertThatThrownBy(() -> new DecoderRatio(1, 4, 1, 1)).hasMessage("lower bound 1:4 is above upper bound 1:1");
        assertThatThrownBy(() -> new DecoderRatio(1, 0, 1, 1)).hasMessage("ratio parts must be 1..10000, got 0");
        assertThatThrownBy(() -> DecoderRatio.parse(null))
                .hasMessage("not a ratio; write engine:decoder bounds like 1:1-1:4, or one ratio like 1:2");
    }

    @Test
    void everyCountBetweenTheBoundsIsAllowedAndNoneOutside() {
        qt().forAll(integers().between(1, 20), integers().between(1, 20), integers().between(1, 20),
                integers().between(1, 20))
                .checkAssert((a, b, c, d) -> {
                    DecoderRatio r = ordered(a, b, c, d);
                    for (int engines = 1; engines <= 30; engines++) {
                        int lo = r.minDecoders(engines);
                        int hi = r.maxDecoders(engines);
                        for (int decoders = lo; decoders <= hi; decoders++) {
                            assertThat(r.allows(engines, decoders)).isTrue();
                        }
                        assertThat(r.allows(engines, lo - 1)).isFalse();
                        assertThat(r.allows(engines, hi + 1)).isFalse();
                    }
                });
    }

    @Test
    void engineBoundsAreTheInverseOfDecoderBounds() {
        qt().forAll(integers().between(1, 20), integers().between(1, 20), integers().between(1, 20),
                integers().between(1, 20))
                .checkAssert((a, b, c, d) -> {
                    DecoderRatio r = ordered(a, b, c, d);
                    for (int decoders = 1; decoders <= 30; decoders++) {
                        for (int engines = 1; engines <= 60; engines++) {
                            boolean inEngineBounds = engines >= r.minEngines(decoders)
                                    && engines <= r.maxEngines(decoders);
                            assertThat(inEngineBounds).isEqualTo(r.allows(engines, decoders));
                        }
                    }
                });
    }

    @Test
    void toStringParsesBackToTheSameRatio() {
        qt().forAll(integers().between(1, 10_000), integers().between(1, 10_000), integers().between(1, 10_000),
                integers().between(1, 10_000))
                .checkAssert((a, b, c, d) -> {
                    DecoderRatio r = ordered(a, b, c, d);
                    assertThat(DecoderRatio.parse(r.toString())).isEqualTo(r);
                });
    }

    // Any two ratios make a valid range once the smaller one comes first.
    private static DecoderRatio ordered(int a, int b, int c, int d) {
        return (long) b * c <= (long) d * a ? new DecoderRatio(a, b, c, d) : new DecoderRatio(c, d, a, b);
    }
}
