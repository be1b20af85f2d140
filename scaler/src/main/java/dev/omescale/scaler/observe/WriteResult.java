package dev.omescale.scaler.observe;

import java.util.Locale;

/** How one replica write to Kubernetes ended, as a label value. */
public enum WriteResult {
    /** The new replica count was written. */
    APPLIED,
    /** The object already had the count; nothing was sent. */
    UNCHANGED,
    /** The API server answered 409: the object changed since it was read (see {@link ConflictKind}). */
    CONFLICT,
    /** The API server refused the write (401/403): RBAC. */
    FORBIDDEN,
    /** The object was gone (404). */
    NOT_FOUND,
    /** Any other failure: timeouts, 5xx, connection errors. */
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
