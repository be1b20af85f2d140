package dev.omescale.sim.policy;

import dev.omescale.sim.fleet.ReplicaSample;
import dev.omescale.sim.loop.SimulationSettings;
import dev.omescale.sim.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The policies a comparison runs, each configured as its users configure it. Policies omescale's engine implements
 * (OME's CPU HPA, KEDA on a PromQL query, Knative KPA, omescale's SLO policy) are InferenceServices resolved and
 * decided by the real engine; the others are small classes here. A fresh instance per run: policies keep state.
 */
public final class PolicyCatalog {
    public static final List<String> ALL = List.of("omescale-slo", "omescale-slo-itl", "ome-cpu-hpa", "keda-queue", "knative-kpa",
            "aibrix-apa-kv", "dynamo-load", "llm-d-wva", "static-peak", "oracle");

    /** KEDA's pollingInterval; it only governs activation (0 ↔ 1), which minReplicas ≥ 1 never needs. */
    static final double KEDA_POLLING = 30;
    static final double HPA_SYNC = 15;

    private PolicyCatalog() {
    }

    /** Factories for the named policies, in the order given; unknown names are an error listing the known ones. */
    public static Map<String, Supplier<Autoscaler>> select(List<String> names, SimulationSettings s, Workload w) {
        Map<String, Supplier<Autoscaler>> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, factory(n, s, w));
        }
        return out;
    }

    public static Supplier<Autoscaler> factory(String name, SimulationSettings s, Workload w) {
        return switch (name) {
            case "omescale-slo" -> () -> new EngineAutoscaler(name, "omescale SLO policy: slo-ttft-p95 "
                    + secs(s.sloTtftSeconds()) + "; omescale scrapes and decides every 5 s over a 60 s window",
                    isvc(s, "    omescale.dev/slo-ttft-p95: " + secs(s.sloTtftSeconds()) + "\n"
                            + "    ome.io/autoscalerClass: external\n", ""),
                    5, 60, 5, null, s.startupSeconds());
            case "omescale-slo-itl" -> () -> new EngineAutoscaler(name, "omescale SLO policy on both targets: "
                    + "slo-ttft-p95 " + secs(s.sloTtftSeconds()) + ", slo-itl-p95 " + secs(s.sloItlSeconds()),
                    isvc(s, "    omescale.dev/slo-ttft-p95: " + secs(s.sloTtftSeconds()) + "\n"
                            + "    omescale.dev/slo-itl-p95: " + secs(s.sloItlSeconds()) + "\n"
                            + "    ome.io/autoscalerClass: external\n", ""),
                    5, 60, 5, null, s.startupSeconds());
            case "ome-cpu-hpa" -> () -> new EngineAutoscaler(name, "OME default: HPA on CPU utilization 80 % of "
                    + "requests, 15 s sync, metrics-server 15 s",
                    isvc(s, "    ome.io/autoscalerClass: hpa\n", "      scaleMetric: cpu\n      scaleTarget: 80\n"),
                    15, 60, HPA_SYNC, null, s.startupSeconds());
            case "keda-queue" -> () -> new EngineAutoscaler(name, "KEDA ScaledObject on "
                    + "sum(vllm:num_requests_waiting), threshold 5 per replica (vLLM production-stack), "
                    + "Prometheus scrape 15 s, HPA sync 15 s, default HPA behavior",
                    isvc(s, "    ome.io/autoscalerClass: keda\n", "")
                            + "  kedaConfig:\n"
                            + "    promServerAddress: http://prometheus.monitoring:9090\n"
                            + "    customPromQuery: 'sum(vllm:num_requests_waiting{pod=~\"%s-.*\"})'\n"
                            + "    scalingThreshold: \"5\"\n"
                            + "    scalingOperator: GreaterThanOrEqual\n",
                    15, 15, HPA_SYNC, PolicyCatalog::waiting, s.startupSeconds());
            case "knative-kpa" -> () -> new EngineAutoscaler(name, "Knative KPA on concurrency, target 4 in flight "
                    + "per pod × 0.7, stable 60 s, panic 6 s, 2 s tick",
                    isvc(s, "    omescale.dev/policy: kpa\n    ome.io/autoscalerClass: external\n",
                            "      scaleMetric: concurrency\n      scaleTarget: 4\n"),
                    2, 2, 2, null, s.startupSeconds());
            case "aibrix-apa-kv" -> () -> new ApaAutoscaler(0.5);
            case "dynamo-load" -> () -> new DynamoPlanner(s.sloTtftSeconds(), s.sloItlSeconds());
            case "llm-d-wva" -> WvaSaturation::new;
            case "static-peak" -> {
                StaticAutoscaler sized = StaticAutoscaler.atPeak(w, s.profile(), s.minReplicas(), s.maxReplicas(),
                        s.decoderReplicas());
                yield () -> sized;
            }
            case "oracle" -> {
                OracleAutoscaler sized = new OracleAutoscaler(w, s.profile(), s.startupSeconds(), s.minReplicas(),
                        s.maxReplicas(), s.decoderReplicas(), s.maxDecoders(), s.disaggregated());
                yield () -> sized;
            }
            default -> throw new IllegalArgumentException("unknown policy '" + name + "'; known: "
                    + String.join(", ", ALL));
        };
    }

    /** The InferenceService a user writes, with the shared bounds. */
    public static String isvc(SimulationSettings s, String annotations, String engineFields) {
        String decoder = s.disaggregated() ? "  decoder:\n    minReplicas: " + s.decoderReplicas()
                + "\n    maxReplicas: " + s.maxDecoders() + "\n" + engineFields.replace("      ", "    ") : "";
        return "apiVersion: ome.io/v1beta1\n"
                + "kind: InferenceService\n"
                + "metadata:\n"
                + "  name: sim\n"
                + "  namespace: default\n"
                + "  annotations:\n" + annotations
                + "spec:\n"
                + "  model: {name: " + s.profile().name() + "}\n"
                + "  engine:\n"
                + "    minReplicas: " + s.minReplicas() + "\n"
                + "    maxReplicas: " + s.maxReplicas() + "\n"
                + engineFields.replace("      ", "    ")
                + decoder;
    }

    static double waiting(List<ReplicaSample> pods) {
        double sum = 0;
        for (ReplicaSample p : pods) {
            sum += p.waiting();
        }
        return sum;
    }

    static String secs(double seconds) {
        long ms = Math.round(seconds * 1000);
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /** The names, split at commas, trimmed, lower-cased; "all" means every policy. */
    public static List<String> parse(String list) {
        List<String> out = new ArrayList<>();
        for (String p : list.split(",")) {
            String n = p.trim().toLowerCase(Locale.ROOT);
            if (n.equals("all")) {
                return ALL;
            }
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }
}
