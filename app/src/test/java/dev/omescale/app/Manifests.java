package dev.omescale.app;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads {@code deploy/}'s manifests with fabric8's typed model, and renders Kustomize directories with kubectl. */
final class Manifests {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every object of a YAML text (one or more documents), as fabric8's typed classes where it has one. */
    static List<HasMetadata> objects(String yaml, String source) {
        List<HasMetadata> out = new ArrayList<>();
        // One document at a time: fabric8 refuses a stream with an empty (comments only) document in it.
        for (String document : documents(yaml)) {
            collect(SERIALIZATION.unmarshal(document), source, out);
        }
        return out;
    }

    /** The YAML documents of a text that hold more than comments. */
    static List<String> documents(String yaml) {
        List<String> out = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"))) {
                out.add(document);
            }
        }
        return out;
    }

    private static void collect(Object parsed, String source, List<HasMetadata> out) {
        if (parsed == null) {
            return;
        }
        if (parsed instanceof List<?> list) {
            for (Object item : list) {
                collect(item, source, out);
            }
        } else if (parsed instanceof HasMetadata object) {
            out.add(object);
        } else if (parsed instanceof KubernetesResource other) {
            throw new AssertionError(source + ": " + other.getClass().getSimpleName() + " is not an object with metadata");
        } else {
            throw new AssertionError(source + ": not a Kubernetes object: " + parsed.getClass());
        }
    }

    /** {@code kubectl kustomize DIR}: what {@code kubectl apply -k DIR} would send, rendered offline. */
    static List<HasMetadata> render(String dir) throws IOException, InterruptedException {
        Path path = DEPLOY.resolve(dir);
        Process process = new ProcessBuilder("kubectl", "kustomize", path.toString())
                .redirectErrorStream(false).start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errors = new Thread(() -> copy(process.getErrorStream(), stderr), "kubectl-stderr");
        errors.start();
        copy(process.getInputStream(), stdout);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + path + " did not finish in 60 s");
        }
        errors.join();
        String out = stdout.toString(StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + path + " failed (" + process.exitValue() + "): "
                    + stderr.toString(StandardCharsets.UTF_8));
        }
        return objects(out, "kubectl kustomize " + path);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return (List<T>) objects.stream().filter(type::isInstance).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = ofType(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " " + name + ", found " + found.size());
        }
        return found.get(0);
    }
}
