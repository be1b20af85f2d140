package dev.omescale.telemetry.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteStringCacheTest {

    private static String get(ByteStringCache cache, String s) {
        byte[] padded = ("<<" + s + ">>").getBytes(StandardCharsets.UTF_8);
        return cache.get(padded, 2, padded.length - 4);
    }

    @Test
    void returnsTheSameStringForTheSameBytes() {
        ByteStringCache cache = new ByteStringCache(64, 64);
        String first = get(cache, "model_name");
        assertThat(first).isEqualTo("model_name");
        assertThat(get(cache, "model_name")).isSameAs(first);
        assertThat(get(cache, "")).isEmpty();
    }

    @Test
    void keysThatShareTheirHashedBytesStayDistinct() {
        // Same length and same first, middle and last eight bytes: only the full comparison tells them apart.
        ByteStringCache cache = new ByteStringCache(64, 64);
        String a = "ABCDEFGHxxxxxx12345678xxxxxxSTUVWXYZ";
        String b = "ABCDEFGHyyyyyy12345678yyyyyySTUVWXYZ";
        assertThat(get(cache, a)).isEqualTo(a);
        assertThat(get(cache, b)).isEqualTo(b);
        assertThat(get(cache, a)).isEqualTo(a);
        assertThat(get(cache, "abc")).isEqualTo("abc");
        assertThat(get(cache, "abd")).isEqualTo("abd");
    }

    @Test
    void staysCorrectWhenFullAndEvicting() {
        ByteStringCache cache = new ByteStringCache(8, 64);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                assertThat(get(cache, "value-" + i)).isEqualTo("value-" + i);
            }
        }
    }

    @Test
    void longAndMalformedInputIsDecodedWithoutCaching() {
        ByteStringCache cache = new ByteStringCache(8, 4);
        String first = get(cache, "longer than four");
        assertThat(first).isEqualTo("longer than four");
        assertThat(get(cache, "longer than four")).isNotSameAs(first);
        byte[] bad = {(byte) 0xff, 'a'};
        assertThat(cache.get(bad, 0, 2)).isEqualTo("\uFFFDa");
    }
}
