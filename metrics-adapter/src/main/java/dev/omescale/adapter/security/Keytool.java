package dev.omescale.adapter.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JDK's {@code keytool}. The JDK has no public API that writes certificates; keytool is the supported
 * way, and spares a dependency on BouncyCastle or the unsupported {@code sun.security.x509} classes.
 */
public final class Keytool {
    private Keytool() {
    }

    public static Path binary() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool");
    }

    /** Runs keytool with {@code args}; fails with keytool's output when it exits non-zero. */
    public static String run(String... args) throws IOException {
        Path keytool = binary();
        if (!Files.isExecutable(keytool)) {
            throw new IOException("keytool not found at " + keytool + "; run omescale on a full JDK/JRE, or give"
                    + " tls.cert and tls.key instead of tls.selfSigned");
        }
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool " + args[0] + " ran", e);
        } finally {
            process.destroyForcibly();
        }
    }
}
