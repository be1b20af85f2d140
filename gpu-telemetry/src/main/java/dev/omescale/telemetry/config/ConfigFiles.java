package dev.omescale.telemetry.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads omescale's configuration files with a size limit: a mistaken path (a log, a core dump, a device) must fail
 * with a clear message, not fill the heap or hang on a pipe.
 */
public final class ConfigFiles {
    /** Far above any real file (a targets file for 1,000 pods is about 150 KB). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private ConfigFiles() {
    }

    /** The file's text; a missing, unreadable, non-regular or too large file is a {@link ConfigException}. */
    public static String read(Path file, String what) throws ConfigException {
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // A directory, a pipe or a device: reading it would fail, block or never end.
                throw new ConfigException(file.toString(), List.of("cannot read " + file
                        + ": not a regular file; give the path of " + what));
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file.toString(), List.of(tooLarge(file.toString(), size, what)));
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); check the path and its permissions",
                    e);
        }
    }

    /**
     * For readers of other files named in the configuration (TLS certificates and keys): a non-regular file or one
     * over {@link #MAX_BYTES} is an IOException saying which, before anything is read.
     */
    public static void checkFile(Path file, String what) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException("cannot read " + file + ": not a regular file; give the path of " + what);
        }
        if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
            throw new IOException(tooLarge(file.toString(), Files.size(file), what));
        }
    }

    /** Checks text handed over directly (not read from a file) against the same limit. */
    public static void checkSize(String text, String source, String what) throws ConfigException {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(source, List.of(tooLarge(source, text.length(), what)));
        }
    }

    private static String tooLarge(String source, long size, String what) {
        return source + " is " + size + " bytes; " + what + " is at most " + MAX_BYTES
                + " bytes: check that the path names the right file";
    }
}
