package dev.omescale.telemetry.exposition;

/**
 * A page that cannot be read. It fails that target's scrape and nothing else; the message names the line and
 * column (both 1-based) so a user can find the fault in a saved copy of the page.
 */
public final class ExpositionException extends Exception {
    private final int line;
    private final int column;
    private final String reason;

    public ExpositionException(int line, int column, String reason) {
        super("line " + line + ", column " + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
