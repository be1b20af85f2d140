package dev.omescale.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {
    private Instant now = Instant.parse("2026-11-27T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final AnswerCache cache = new AnswerCache(clock);
    private final AtomicInteger computed = new AtomicInteger();

    private byte[] answer() {
        return ("answer " + computed.incrementAndGet()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void oneComputationPerSnapshot() {
        Object snapshot = new Object();
        assertThat(text(cache.get("/pods", snapshot, this::answer))).isEqualTo("answer 1");
        assertThat(text(cache.get("/pods", snapshot, this::answer))).isEqualTo("answer 1");
        assertThat(text(cache.get("/other", snapshot, this::answer))).isEqualTo("answer 2");
        assertThat(text(cache.get("/pods", new Object(), this::answer))).isEqualTo("answer 3");
    }

    @Test
    void answersExpireSoFreshnessIsRecheckedAgainstTheClock() {
        Object snapshot = new Object();
        cache.get("/pods", snapshot, this::answer);
        now = now.plusMillis(AnswerCache.MAX_AGE_MILLIS - 1);
        assertThat(text(cache.get("/pods", snapshot, this::answer))).isEqualTo("answer 1");
        now = now.plusMillis(1);
        assertThat(text(cache.get("/pods", snapshot, this::answer))).isEqualTo("answer 2");
    }

    @Test
    void errorsAreNotCached() {
        Object snapshot = new Object();
        assertThatThrownBy(() -> cache.get("/pods", snapshot, () -> {
            throw ApiError.notFound("no such signal");
        })).isInstanceOf(ApiError.class);
        assertThat(text(cache.get("/pods", snapshot, this::answer))).isEqualTo("answer 1");
    }

    @Test
    void manyDistinctRequestsDoNotGrowWithoutBound() {
        Object snapshot = new Object();
        for (int i = 0; i < AnswerCache.MAX_ENTRIES * 3; i++) {
            cache.get("/pods?labelSelector=x%3D" + i, snapshot, this::answer);
        }
        assertThat(computed.get()).isEqualTo(AnswerCache.MAX_ENTRIES * 3);
        assertThat(cache.size()).isBetween(1, AnswerCache.MAX_ENTRIES);
    }
}
