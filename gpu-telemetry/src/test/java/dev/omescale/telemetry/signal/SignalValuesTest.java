package dev.omescale.telemetry.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frozen signal map must read exactly like the linked map it replaced. */
class SignalValuesTest {

    private static LinkedHashMap<String, Double> sample() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("concurrency", 3.5);
        m.put("queue_length", null);
        m.put("request_rate", 0.0);
        m.put("kv_cache_utilization", 0.42);
        return m;
    }

    @Test
    void readsLikeTheLinkedMapItCopies() {
        LinkedHashMap<String, Double> source = sample();
        Map<String, Double> frozen = SignalValues.freeze(source);

        assertThat(frozen).isEqualTo(source);
        assertThat(source).isEqualTo(frozen);
        assertThat(frozen.hashCode()).isEqualTo(source.hashCode());
        assertThat(frozen.toString()).isEqualTo(source.toString());
        assertThat(new ArrayList<>(frozen.keySet())).containsExactly("concurrency", "queue_length", "request_rate",
                "kv_cache_utilization");
        assertThat(new ArrayList<>(frozen.values())).containsExactly(3.5, null, 0.0, 0.42);
        assertThat(frozen.get("concurrency")).isEqualTo(3.5);
        // a signal without data is present with null; an unknown signal is absent
        assertThat(frozen.containsKey("queue_length")).isTrue();
        assertThat(frozen.get("queue_length")).isNull();
        assertThat(frozen.containsKey("ttft_p95_seconds")).isFalse();
        assertThat(frozen.get(new String("request_rate".toCharArray()))).isEqualTo(0.0);
        assertThat(frozen.get(null)).isNull();
        assertThat(frozen.get(42)).isNull();
        assertThat(frozen).hasSize(4);
    }

    @Test
    void isACopyThatCannotBeChanged() {
        LinkedHashMap<String, Double> source = sample();
        Map<String, Double> frozen = SignalValues.freeze(source);
        source.put("concurrency", 99.0);
        source.remove("request_rate");

        assertThat(frozen.get("concurrency")).isEqualTo(3.5);
        assertThat(frozen).containsKey("request_rate");
        assertThatThrownBy(() -> frozen.put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.remove("concurrency")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue(1.0))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(frozen::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThat(SignalValues.freeze(frozen)).isSameAs(frozen);
    }

    @Test
    void recordsKeepTheirSignalsFrozen() {
        LinkedHashMap<String, Double> source = sample();
        ComponentSignals c = new ComponentSignals("ns", "llama", "engine", List.of("p-0"), source, Map.of(), 1L,
                List.of());
        source.clear();
        assertThat(c.get("concurrency")).isEqualTo(3.5);
        assertThat(c.signals()).isEqualTo(sample());
        assertThat(new ComponentSignals("ns", "llama", "engine", List.of("p-0"), sample(), Map.of(), 1L, List.of()))
                .isEqualTo(c);
        assertThat(SignalValues.freeze(Map.of())).isEmpty();
    }
}
