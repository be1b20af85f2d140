package dev.omescale.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WorkloadScalingTest {
    private final Workload base = WorkloadCatalog.synthetic("step", 5, 5, 1000, 9);

    @Test
    void factorTwoKeepsEveryRequestAndAddsOneCopyWithinTheGapToTheNext() {
        Workload w = WorkloadCatalog.scaled(base, 2, 1, 1);
        assertThat(w.requests()).hasSize(2 * base.requests().size());
        assertThat(w.requests()).containsAll(base.requests());
        assertThat(w.requests()).isSortedAccordingTo(Comparator.comparingDouble(TraceRequest::arrivalSeconds));
        // Every copy sits between its original and the original's successor, so in every window
        // between two consecutive originals there are exactly two requests: the original and one copy.
        List<TraceRequest> in = base.requests();
        for (int i = 0; i + 1 < in.size(); i += 97) {
            double a = in.get(i).arrivalSeconds();
            double b = in.get(i + 1).arrivalSeconds();
            long n = w.requests().stream().filter(r -> r.arrivalSeconds() >= a && r.arrivalSeconds() < b).count();
            assertThat(n).isEqualTo(2);
        }
        assertThat(w.name()).isEqualTo("step x2 rate");
        assertThat(w.durationSeconds()).isEqualTo(1000);
    }

    @Test
    void factorHalfKeepsAboutHalfOfTheOriginalsUnchanged() {
        Workload w = WorkloadCatalog.scaled(base, 0.5, 1, 3);
        int n = base.requests().size();
        // Binomial(n, 0.5): within 4 standard deviations.
        assertThat((double) w.requests().size()).isBetween(n / 2.0 - 2 * Math.sqrt(n), n / 2.0 + 2 * Math.sqrt(n));
        assertThat(base.requests()).containsAll(w.requests());
        assertThat(w.durationSeconds()).isEqualTo(1000);
    }

    @Test
    void fractionalFactorAboveOne() {
        Workload w = WorkloadCatalog.scaled(base, 1.5, 1, 3);
        int n = base.requests().size();
        assertThat((double) w.requests().size()).isBetween(1.5 * n - 2 * Math.sqrt(n), 1.5 * n + 2 * Math.sqrt(n));
        assertThat(w.requests()).containsAll(base.requests());
        // Copies keep their original's token lengths: every length pair appears once or twice per original.
        Map<List<Integer>, Integer> baseShapes = shapes(base);
        shapes(w).forEach((shape, count) -> assertThat(count).isBetween(baseShapes.get(shape), 2 * baseShapes.get(shape)));
    }

    @Test
    void timeCompressionDividesArrivalsAndDuration() {
        Workload w = WorkloadCatalog.scaled(base, 1, 4, 1);
        List<TraceRequest> expected = new ArrayList<>();
        base.requests().forEach(r -> expected.add(new TraceRequest(r.arrivalSeconds() / 4, r.promptTokens(), r.outputTokens())));
        assertThat(w.requests()).isEqualTo(expected);
        assertThat(w.durationSeconds()).isEqualTo(250);
        assertThat(w.name()).isEqualTo("step /4 time");
        assertThat(w.description()).startsWith(base.description()).contains("rate x1, time compressed /4, seed 1");
    }

    @Test
    void sameSeedSameResultOtherSeedAnother() {
        assertThat(WorkloadCatalog.scaled(base, 0.7, 2, 5)).isEqualTo(WorkloadCatalog.scaled(base, 0.7, 2, 5));
        assertThat(WorkloadCatalog.scaled(base, 0.7, 2, 5).requests())
                .isNotEqualTo(WorkloadCatalog.scaled(base, 0.7, 2, 6).requests());
        assertThat(WorkloadCatalog.scaled(base, 2.5, 1, 5)).isEqualTo(WorkloadCatalog.scaled(base, 2.5, 1, 5));
    }

    @Test
    void scalingTheAzureTraceDoublesItsRate() {
        Workload azure = WorkloadCatalog.bundledAzureCode();
        Workload w = WorkloadCatalog.scaled(azure, 2, 2, 1);
        assertThat(w.requests()).hasSize(2 * 8819);
        assertThat(w.durationSeconds()).isBetween(3435.948056 / 2, 3435.948056 / 2 + 5);
        assertThat(w.description()).contains("CC-BY 4.0");
    }

    @Test
    void badFactorsSayWhatToDo() {
        assertThatThrownBy(() -> WorkloadCatalog.scaled(base, 0, 1, 1))
                .hasMessageContaining("rate factor must be finite and > 0, got 0.0").hasMessageContaining("fix:");
        assertThatThrownBy(() -> WorkloadCatalog.scaled(base, 1, Double.NaN, 1))
                .hasMessageContaining("time compression must be finite and > 0, got NaN");
        assertThatThrownBy(() -> WorkloadCatalog.scaled(base, 1e9, 1, 1)).hasMessageContaining("smaller rate factor");
    }

    private static Map<List<Integer>, Integer> shapes(Workload w) {
        Map<List<Integer>, Integer> m = new HashMap<>();
        w.requests().forEach(r -> m.merge(List.of(r.promptTokens(), r.outputTokens()), 1, Integer::sum));
        return m;
    }
}
