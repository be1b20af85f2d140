package dev.omescale.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.omescale.adapter.AdapterConfig;
import dev.omescale.adapter.AuthenticationConfig;
import dev.omescale.adapter.MetricsAdapterServer;
import dev.omescale.adapter.TlsConfig;
import dev.omescale.app.serve.ServeConfigLoader;
import dev.omescale.scaler.view.LatestScalingView;
import dev.omescale.scaler.view.ScalingSnapshot;
import dev.omescale.telemetry.config.ConfigException;
import dev.omescale.telemetry.config.ConfigFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS files named in the configuration are checked before they are read: a pipe (which would block the reader
 * forever) and a file over the size limit are clear errors, for the KEDA scaler (read when the file loads) and the
 * metrics API (read when it starts).
 */
@Timeout(60)
class TlsFileLimitsTest {

    private static Path fifo(Path dir) throws Exception {
        Path fifo = dir.resolve("cert.pem");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        return fifo;
    }

    private static Path huge(Path dir) throws IOException {
        Path file = dir.resolve("huge.pem");
        byte[] line = "-----BEGIN CERTIFICATE-----\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long n = 0; n <= ConfigFiles.MAX_BYTES; n += line.length) {
                out.write(line);
            }
        }
        return file;
    }

    @Test
    void kedaTlsFilesThatArePipesOrHugeAreConfigurationErrors(@TempDir Path dir) throws Exception {
        Path fifo = fifo(dir);
        Path huge = huge(dir);
        String yaml = """
                targets: [{url: http://127.0.0.1:1/metrics}]
                keda:
                  listen: 127.0.0.1:0
                  tls: {cert: %s, key: %s}
                """.formatted(fifo, huge);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ServeConfigLoader.parse(yaml, "serve.yaml", dir));
        assertThat(e.getMessage()).contains(fifo + ": not a regular file");
        assertThat(e.getMessage()).contains("keda.tls").doesNotContain("BEGIN CERTIFICATE");
    }

    @Test
    void theMetricsApiRefusesAHugeCertificateAtStart(@TempDir Path dir) throws Exception {
        Path huge = huge(dir);
        IOException e = catchThrowableOfType(IOException.class, () -> MetricsAdapterServer.start(
                new AdapterConfig("127.0.0.1", 0, new TlsConfig(huge, huge, false, java.util.List.of()),
                        AuthenticationConfig.none(), Duration.ofSeconds(60)),
                new LatestScalingView(ScalingSnapshot.empty(Duration.ofSeconds(60)))));
        assertThat(e).hasMessageContaining("at most " + ConfigFiles.MAX_BYTES + " bytes");
    }
}
