package dev.omescale.scaler.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** OME's real samples, runtimes and CRD, copied under src/test/resources/ome (see PROVENANCE.md there). */
final class OmeFixtures {
    /** Every ISVC sample in OME's reference set, the stale one included. */
    static final List<String> SAMPLES = List.of(
            "Qwen_qwen3-8b.yaml",
            "deepseek-ai_deepseek-r1.yaml",
            "deepseek-ai_deepseek-v3-pd.yaml",
            "meta_llama-4-scout-17b-16e-instruct.yaml",
            "moonshotai_kimi-k2-pd.yaml",
            "openai_gpt-oss-20b.yaml",
            "zai-org_glm-4-5v.yaml");
    static final String STALE_SAMPLE = "zai-org_glm-4-5v.yaml";

    private OmeFixtures() {
    }

    static String resource(String path) {
        try (InputStream in = OmeFixtures.class.getResourceAsStream("/ome/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /ome/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sampleText(String file) {
        return resource("samples/" + file);
    }

    static InferenceService sample(String file) {
        return InferenceServiceReader.read(sampleText(file));
    }

    static RuntimeDefaults runtime(String file) {
        return RuntimeDefaults.read(resource("runtimes/" + file));
    }
}
