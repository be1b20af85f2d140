package dev.omescale.sim.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens a local page in Debian's {@code chromium}, headless, and returns the DOM after its scripts ran
 * plus every console message the page produced (errors, warnings, logs and uncaught exceptions all
 * appear as {@code CONSOLE} log lines with {@code --enable-logging=stderr}).
 */
final class HeadlessChromium {
    /** What the browser made of a page. */
    record Page(String dom, List<String> consoleLines, String stderr) {
    }

    private HeadlessChromium() {
    }

    /** The chromium executable, or an error saying how to install it: the browser test must not skip. */
    static Path executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("chromium is not installed, so the HTML report cannot be checked in a real browser; "
                + "fix: apt-get install -y --no-install-recommends chromium (.ci/run installs it when missing)");
    }

    static Page open(Path html, Path scratch) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(scratch.resolve("chromium-profile"));
        Path out = scratch.resolve("dom.html");
        Path err = scratch.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(executable().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--dump-dom", html.toUri().toString()));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish loading " + html + " within 60 s; log: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + process.exitValue() + " on " + html + "; log:\n" + stderr);
        }
        List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(Files.readString(out, StandardCharsets.UTF_8), console, stderr);
    }
}
