package dev.omescale.app.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.telemetry.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MetricsListenTest {

    @Test
    void readsHostPortEveryInterfaceAndIpv6() {
        assertThat(MetricsListen.parse("127.0.0.1:9464", "k")).isEqualTo(new MetricsListen("127.0.0.1", 9464));
        assertThat(MetricsListen.parse(":9464", "k")).isEqualTo(new MetricsListen(null, 9464));
        assertThat(MetricsListen.parse("0.0.0.0:0", "k")).isEqualTo(new MetricsListen(null, 0));
        assertThat(MetricsListen.parse("[::1]:9464", "k")).isEqualTo(new MetricsListen("::1", 9464));
        assertThat(new MetricsListen("::1", 9464)).hasToString("[::1]:9464");
    }

    @Test
    void badAddressesNameTheKeyTheInputAndTheFix() {
        assertThatThrownBy(() -> MetricsListen.parse("nowhere", "metrics.listen"))
                .hasMessage("metrics.listen: 'nowhere' has no port; write host:port, e.g. 127.0.0.1:9464, or :9464"
                        + " for every interface");
        assertThatThrownBy(() -> MetricsListen.parse("host:http", "--metrics-listen"))
                .hasMessageStartingWith("--metrics-listen: 'http' in 'host:http' is not a port number");
        assertThatThrownBy(() -> MetricsListen.parse(":70000", "k")).hasMessageStartingWith("k: port 70000");
        assertThatThrownBy(() -> MetricsListen.parse("::1:9464", "k")).hasMessageContaining("without brackets");
    }

    @Test
    void serveConfigDefaultsToEveryInterfaceAndReportsBadMetricsSections() throws Exception {
        String base = "targets: [{url: http://127.0.0.1:8000/metrics}]\nkeda: {listen: 127.0.0.1:0}\n";
        assertThat(ServeConfigLoader.parse(base, "serve.yaml", Path.of(".")).metrics())
                .isEqualTo(MetricsListen.DEFAULT);
        assertThat(ServeConfigLoader.parse(base + "metrics: {listen: '127.0.0.1:9100'}", "serve.yaml",
                Path.of(".")).metrics()).isEqualTo(new MetricsListen("127.0.0.1", 9100));
        assertThatThrownBy(() -> ServeConfigLoader.parse(base + "metrics: {listen: nowhere, path: /m}", "serve.yaml",
                Path.of(".")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "metrics.path: unknown key; known keys are listen",
                        "metrics.listen: 'nowhere' has no port; write host:port, e.g. 127.0.0.1:9464, or :9464 for"
                                + " every interface"));
    }
}
