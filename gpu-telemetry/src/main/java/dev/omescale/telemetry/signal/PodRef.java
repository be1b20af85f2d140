package dev.omescale.telemetry.signal;

import java.util.Comparator;

/** A pod by namespace and name. */
public record PodRef(String namespace, String pod) implements Comparable<PodRef> {
    private static final Comparator<PodRef> ORDER =
            Comparator.comparing(PodRef::namespace).thenComparing(PodRef::pod);

    @Override
    public int compareTo(PodRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + pod;
    }
}
