package dev.omescale.scaler.promql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void scrubsUserInfoTokensAndSecretPairs() {
        assertThat(Redaction.scrub("https://u:p@prom:9090/x Bearer abc.def basic dXNlcjpwYXNz token=t1,"
                + " apiKey: 'k 2' password=\"p w\""))
                .isEqualTo("https://***@prom:9090/x Bearer *** basic *** token=***, apiKey: *** password=***");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Prometheus at http://prom:9090, query \"sum(rate(x[1m]))\": HTTP 503; retry later";
        assertThat(Redaction.scrub(text)).isEqualTo(text);
    }

    @Test
    void addressesLoseUserInfoQueryAndFragment() {
        assertThat(Redaction.address("https://admin:secret@thanos.example:10902/prom?dedup=true#x"))
                .isEqualTo("https://thanos.example:10902/prom");
        assertThat(Redaction.address("http://prometheus-operated.monitoring.svc.cluster.local:9090"))
                .isEqualTo("http://prometheus-operated.monitoring.svc.cluster.local:9090");
        assertThat(Redaction.address("not a url password=x")).isEqualTo("not a url password=***");
    }
}
