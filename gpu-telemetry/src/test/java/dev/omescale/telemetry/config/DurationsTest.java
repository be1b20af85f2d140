package dev.omescale.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "5s, PT5S",
            "1m, PT1M",
            "1h30m, PT1H30M",
            "2s, PT2S",
            "1.5s, PT1.5S",
            "0.25m, PT15S",
            "1d, PT24H",
            "1w, PT168H",
            "1h1m1s1ms, PT1H1M1.001S",
            "250us, PT0.00025S",
            "250µs, PT0.00025S",
            "7ns, PT0.000000007S",
            "0, PT0S",
            "0s, PT0S",
            "' 5s ', PT5S",
            "+5s, PT5S",
    })
    void parsesGoAndPrometheusDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @Test
    void rejectsEmptyTextNamingItAndShowingExamples() {
        assertThatThrownBy(() -> Durations.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'' is empty; write a duration, e.g. 500ms, 5s, 1m, 1h30m or 1.5s");
        assertThatThrownBy(() -> Durations.parse(null))
                .hasMessage("'' is empty; write a duration, e.g. 500ms, 5s, 1m, 1h30m or 1.5s");
    }

    @Test
    void rejectsNegativeDurations() {
        assertThatThrownBy(() -> Durations.parse("-5s"))
                .hasMessage("'-5s' is negative; durations are zero or more, e.g. 500ms, 5s, 1m, 1h30m or 1.5s");
    }

    @Test
    void rejectsUnknownUnits() {
        assertThatThrownBy(() -> Durations.parse("5x"))
                .hasMessage("'5x' has unknown unit 'x'; use ns, us, ms, s, m, h, d or w, e.g. 500ms, 5s, 1m, 1h30m or 1.5s");
        assertThatThrownBy(() -> Durations.parse("5 s"))
                .hasMessage("'5 s' has unknown unit ' s'; use ns, us, ms, s, m, h, d or w, e.g. 500ms, 5s, 1m, 1h30m or 1.5s");
    }

    @Test
    void rejectsMissingUnitsRatherThanGuessingSeconds() {
        assertThatThrownBy(() -> Durations.parse("5"))
                .hasMessage("'5' has no unit after 5; write e.g. 5s or 5ms");
        assertThatThrownBy(() -> Durations.parse("1h30"))
                .hasMessage("'1h30' has no unit after 30; write e.g. 30s or 30ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s", "abc", "1..5s", ".s", "1.2.3s"})
    void rejectsTextThatIsNotANumberAndUnit(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration; write a number and a unit, e.g. 500ms, 5s, 1m, 1h30m or 1.5s");
    }

    @Test
    void rejectsDurationsBeyondWhatJavaNanosHold() {
        assertThatThrownBy(() -> Durations.parse("100000000h"))
                .hasMessage("'100000000h' is too long; durations go up to about 292 years");
    }

    @ParameterizedTest
    @CsvSource({
            "PT5S, 5s",
            "PT1M30S, 1m30s",
            "PT0.25S, 250ms",
            "PT1H, 1h",
            "PT1.5S, 1s500ms",
            "PT0S, 0s",
            "PT26H, 26h",
            "PT0.000001001S, 1us1ns",
            "PT-5S, -5s",
    })
    void formatsTheShortestForm(Duration d, String expected) {
        assertThat(Durations.format(d)).isEqualTo(expected);
    }

    @Test
    void formatThenParseRoundTrips() {
        for (long nanos : new long[] {1, 999, 1_000_000, 1_500_000_000L, 5_400_000_000_000L, 123_456_789_012_345L}) {
            Duration d = Duration.ofNanos(nanos);
            assertThat(Durations.parse(Durations.format(d))).as(Durations.format(d)).isEqualTo(d);
        }
    }
}
