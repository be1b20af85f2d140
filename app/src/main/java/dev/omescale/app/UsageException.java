package dev.omescale.app;

/** A command line the user has to fix; printed with the command's usage, exit code 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
