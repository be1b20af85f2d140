package dev.omescale.sim.workload;

import java.nio.file.Path;

/**
 * A trace file that cannot be replayed: the message names the file, the line (1-based, 0 when the
 * problem is the file as a whole), the column and what to change.
 */
public final class TraceFileException extends IllegalArgumentException {
    private final transient Path file;
    private final int line;
    private final String column;

    public TraceFileException(Path file, int line, String column, String problem, String fix) {
        super(file + (line > 0 ? " line " + line : "") + (column == null ? "" : " column " + column)
                + ": " + problem + "; fix: " + fix);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the problem, 0 when it concerns the whole file. */
    public int line() {
        return line;
    }

    /** The column (CSV header name or JSON field) at fault, or null. */
    public String column() {
        return column;
    }
}
