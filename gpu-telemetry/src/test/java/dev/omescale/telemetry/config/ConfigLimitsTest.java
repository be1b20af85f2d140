package dev.omescale.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or mistaken inputs to the targets file reader end in a clear ConfigException, quickly. */
@Timeout(30)
class ConfigLimitsTest {

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.yaml");
        byte[] line = "# padding padding padding padding padding padding padding padding padding padding\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written <= ConfigFiles.MAX_BYTES; written += line.length) {
                out.write(line);
            }
        }
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TelemetryConfigLoader.load(file));
        assertThat(e.problems()).singleElement().asString()
                .contains(file.toString(), "bytes", "at most " + ConfigFiles.MAX_BYTES, "right file");
    }

    @Test
    void aDirectoryOrAPipeIsNotReadAsAFile(@TempDir Path dir) throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TelemetryConfigLoader.load(dir));
        assertThat(e.problems()).singleElement().asString().contains("not a regular file");
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // Reading a pipe nobody writes to would block forever.
        e = catchThrowableOfType(ConfigException.class, () -> TelemetryConfigLoader.load(fifo));
        assertThat(e.problems()).singleElement().asString().contains("not a regular file");
    }

    @Test
    void textOverTheLimitIsRefused() {
        String text = "targets: []\n" + "#".repeat(ConfigFiles.MAX_BYTES);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> TelemetryConfigLoader.parse(text, "big"));
        assertThat(e.problems()).singleElement().asString().contains("at most");
    }

    @Test
    void aliasExpansionBombIsASyntaxError() {
        // "Billion laughs": nine levels of ten aliases each would expand to 10^9 nodes.
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            String p = "*a" + (i - 1);
            yaml.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ",
                    java.util.Collections.nCopies(10, p))).append("]\n");
        }
        yaml.append("targets: [{url: http://127.0.0.1:1/metrics}]\nwindow: *a9\n");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> TelemetryConfigLoader.parse(yaml.toString(), "bomb.yaml"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("bomb.yaml:");
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        String yaml = "targets: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> TelemetryConfigLoader.parse(yaml, "deep.yaml"));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("deep.yaml:");
    }
}
