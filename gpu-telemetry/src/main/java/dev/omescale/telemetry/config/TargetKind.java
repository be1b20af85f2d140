package dev.omescale.telemetry.config;

import java.util.Locale;

/** What a scrape target exports, which decides how its series map to pods. */
public enum TargetKind {
    /** An LLM engine (vLLM, SGLang): the whole page belongs to the one pod the target names. */
    ENGINE,
    /** An NVIDIA dcgm-exporter: GPUs map to pods through the series' own pod labels. */
    DCGM;

    /** The word used in configuration files. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a configuration word, or null when the word names none. */
    public static TargetKind fromWord(String word) {
        for (TargetKind kind : values()) {
            if (kind.word().equals(word)) {
                return kind;
            }
        }
        return null;
    }
}
