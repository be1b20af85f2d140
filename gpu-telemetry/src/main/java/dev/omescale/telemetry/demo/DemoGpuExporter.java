package dev.omescale.telemetry.demo;

import dev.omescale.telemetry.exposition.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated dcgm-exporter on one node: one GPU per demo pod, labelled with that pod as the exporter does when
 * Kubernetes attribution is on, plus one idle GPU with no pod labels. Families and labels come from the real
 * L4 capture; utilization, memory and power follow each pod's batch.
 */
final class DemoGpuExporter {
    private static final double FB_TOTAL_MIB = 23034;
    private static final double FB_RESERVED_MIB = 356;
    private static final double MODEL_WEIGHTS_MIB = 9000;

    private final PageTemplate template;
    private final List<DemoEnginePod> pods;
    private final String namespace;

    DemoGpuExporter(PageTemplate template, List<DemoEnginePod> pods, String namespace) {
        this.template = template;
        this.pods = List.copyOf(pods);
        this.namespace = namespace;
    }

    String render() {
        ExpositionWriter w = new ExpositionWriter();
        for (PageTemplate.TemplateFamily f : template.families()) {
            w.family(f.name(), f.type(), f.help());
            for (PageTemplate.TemplateSample s : f.samples()) {
                for (int gpu = 0; gpu <= pods.size(); gpu++) {
                    DemoEnginePod pod = gpu < pods.size() ? pods.get(gpu) : null;
                    w.sample(s.name(), labelsFor(s.labels(), gpu, pod), value(s, pod));
                }
            }
        }
        return w.text();
    }

    private Labels labelsFor(Labels template, int gpu, DemoEnginePod pod) {
        Map<String, String> labels = new LinkedHashMap<>(template.toMap());
        labels.put("gpu", Integer.toString(gpu));
        labels.put("UUID", String.format("GPU-00000000-0000-4000-8000-%012d", gpu));
        labels.put("device", "nvidia" + gpu);
        labels.put("pci_bus_id", String.format("00000000:%02X:00.0", 0x31 + gpu));
        if (pod != null) {
            labels.put("pod", pod.name());
            labels.put("namespace", namespace);
            labels.put("container", "ome-container");
        }
        return Labels.fromMap(labels);
    }

    private static double value(PageTemplate.TemplateSample s, DemoEnginePod pod) {
        double busy = pod == null ? 0 : Math.min(1.0, 0.15 + 1.2 * pod.running() / DemoEnginePod.MAX_RUNNING);
        double used = pod == null ? 0 : MODEL_WEIGHTS_MIB + pod.kvCacheUsage() * (FB_TOTAL_MIB - FB_RESERVED_MIB
                - MODEL_WEIGHTS_MIB);
        return switch (s.name()) {
            case "DCGM_FI_DEV_GPU_UTIL" -> Math.round(busy * 100);
            case "DCGM_FI_PROF_GR_ENGINE_ACTIVE" -> busy;
            case "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE" -> busy * 0.6;
            case "DCGM_FI_DEV_FB_USED" -> Math.round(used);
            case "DCGM_FI_DEV_FB_FREE" -> Math.round(FB_TOTAL_MIB - FB_RESERVED_MIB - used);
            case "DCGM_FI_DEV_FB_RESERVED" -> FB_RESERVED_MIB;
            case "DCGM_FI_DEV_POWER_USAGE" -> 16.365 + 55.0 * busy;
            case "DCGM_FI_DEV_GPU_TEMP" -> 31 + 40 * busy;
            default -> s.value();
        };
    }

}
