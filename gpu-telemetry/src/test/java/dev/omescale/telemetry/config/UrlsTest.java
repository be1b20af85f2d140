package dev.omescale.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void dropsUserInfoAndKeepsTheRestExactly() {
        URI uri = URI.create("http://scraper:s%40cret@10.0.0.5:8000/a%2Fb/metrics?x=1%202#f");

        assertThat(Urls.withoutUserInfo(uri)).hasToString("http://10.0.0.5:8000/a%2Fb/metrics?x=1%202#f");
        assertThat(Urls.redact(uri)).isEqualTo("http://10.0.0.5:8000/a%2Fb/metrics?x=1%202#f");
    }

    @Test
    void leavesUrlsWithoutUserInfoAlone() {
        URI uri = URI.create("https://[::1]/metrics");

        assertThat(Urls.withoutUserInfo(uri)).isSameAs(uri);
    }

    @Test
    void redactsUserInfoEvenInTextThatIsNotAUri() {
        assertThat(Urls.redact("http://u:p@a b/metrics")).isEqualTo("http://***@a b/metrics");
        assertThat(Urls.redact("http://a/metrics?mail=x@y")).isEqualTo("http://a/metrics?mail=x@y");
        assertThat(Urls.redact("no scheme")).isEqualTo("no scheme");
    }
}
