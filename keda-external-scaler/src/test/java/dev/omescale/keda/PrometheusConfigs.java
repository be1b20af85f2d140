package dev.omescale.keda;

import dev.omescale.telemetry.demo.DemoFleet;

/** prometheus.yml texts for the real Prometheus in tests. */
final class PrometheusConfigs {
    private PrometheusConfigs() {
    }

    /** Every engine pod of the fleet as its own job {@code engine<i>}, scraped each second. */
    static String scrapeDemoFleet(DemoFleet fleet) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                scrape_configs:
                """);
        for (int i = 0; i < fleet.size(); i++) {
            yaml.append("""
                      - job_name: engine%d
                        metrics_path: %s
                        static_configs: [{targets: ['%s'], labels: {pod: %s}}]
                    """.formatted(i, fleet.engineUrl(i).getPath(), fleet.engineUrl(i).getAuthority(),
                    fleet.podName(i)));
        }
        return yaml.toString();
    }
}
