package dev.omescale.bench.soak;

import dev.omescale.telemetry.demo.DemoFleet;
import dev.omescale.telemetry.demo.DemoLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporters of {@code bench/run-soak.sh}: a DemoFleet of simulated vLLM pods whose load swings (so decisions
 * move) and a dcgm-exporter, plus {@code omescale serve}'s file for them (KEDA scaler and metrics API on the given
 * loopback ports, the demo InferenceService to decide for). {@code omescale serve} itself runs in its own JVM, so
 * that its heap and threads are measured alone. Runs until its standard input closes.
 */
public final class SoakFleet {
    static final String NAMESPACE = "soak";
    static final String ISVC = "soak-chat";

    private SoakFleet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SoakFleet <results-dir> <pods> <keda-port> <adapter-port>");
            System.exit(2);
        }
        Path results = Path.of(args[0]);
        int pods = Integer.parseInt(args[1]);
        List<DemoLoad> loads = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            // In phase (period 120 s), so the component total swings and the decision engine scales up and down.
            loads.add(DemoLoad.swinging(4.5, 0));
        }
        try (DemoFleet fleet = DemoFleet.start(new DemoFleet.Options(NAMESPACE, ISVC, loads, Duration.ofMillis(250)))) {
            StringBuilder yaml = new StringBuilder()
                    .append("scrape: {interval: 5s, timeout: 3s}\nwindow: 60s\ntargets:\n");
            for (int i = 0; i < fleet.size(); i++) {
                yaml.append("  - {url: ").append(fleet.engineUrl(i)).append(", namespace: ").append(NAMESPACE)
                        .append(", pod: ").append(fleet.podName(i)).append(", inferenceService: ").append(ISVC)
                        .append(", component: engine}\n");
            }
            yaml.append("  - {url: ").append(fleet.gpuUrl()).append(", kind: dcgm}\n")
                    .append("keda: {listen: 127.0.0.1:").append(args[2]).append("}\n")
                    .append("adapter:\n  listen: 127.0.0.1:").append(args[3]).append('\n')
                    .append("  tls: {selfSigned: true}\n  authentication: none\n")
                    .append("inferenceServices: [isvc.yaml]\n");
            Files.writeString(results.resolve("serve.yaml"), yaml.toString());
            Files.writeString(results.resolve("isvc.yaml"), """
                    apiVersion: ome.io/v1beta1
                    kind: InferenceService
                    metadata:
                      name: %s
                      namespace: %s
                      annotations:
                        ome.io/autoscalerClass: external
                        omescale.dev/policy: hpa
                    spec:
                      engine:
                        minReplicas: 1
                        maxReplicas: %d
                        scaleMetric: concurrency
                        scaleTarget: 4
                    """.formatted(ISVC, NAMESPACE, Math.max(2, pods * 2)));
            Files.writeString(results.resolve("fleet.env"), "NAMESPACE=" + NAMESPACE + "\nISVC=" + ISVC + "\n");
            System.out.println("soak fleet ready: " + fleet.size() + " pods");
            System.out.flush();
            while (System.in.read() >= 0) {
                // waits for the script to close standard input
            }
        }
    }
}
