package dev.omescale.telemetry.exposition;

/** A family while its page is being read: metadata so far, whether the handler has heard of it, sample count. */
final class FamilyState {
    final String name;
    /** The name's UTF-8 bytes, to match sample names against without decoding them. */
    final byte[] nameBytes;
    MetricType type;
    boolean typed;
    String help;
    boolean hasHelp;
    String unit;
    boolean hasUnit;
    /** Created by metadata and not yet announced: waits for its first sample or for the family's end. */
    boolean pending;
    boolean announced;
    int samples;

    FamilyState(String name, byte[] nameBytes, MetricType type) {
        this.name = name;
        this.nameBytes = nameBytes;
        this.type = type;
    }
}
