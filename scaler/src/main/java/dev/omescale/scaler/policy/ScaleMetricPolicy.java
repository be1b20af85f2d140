package dev.omescale.scaler.policy;

import dev.omescale.scaler.hpa.BehaviorDefaults;
import dev.omescale.scaler.hpa.HpaControllerConfig;
import dev.omescale.scaler.hpa.MetricError;
import dev.omescale.scaler.hpa.MetricResult;
import dev.omescale.scaler.hpa.MetricSourceType;
import dev.omescale.scaler.hpa.PodGrouping;
import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.hpa.PodPhase;
import dev.omescale.scaler.hpa.PodSample;
import dev.omescale.scaler.hpa.Quantities;
import dev.omescale.scaler.hpa.ReadyCondition;
import dev.omescale.scaler.hpa.ReplicaCalculator;
import dev.omescale.scaler.hpa.ReplicaProposal;
import dev.omescale.scaler.hpa.Tolerances;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ScaleMetric;
import dev.omescale.telemetry.signal.PodSignals;
import dev.omescale.telemetry.signal.SignalCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OME's {@code scaleMetric}/{@code scaleTarget} with the arithmetic of the HPA that OME would have created:
 * {@code cpu} and {@code memory} as Resource metrics with a Utilization target (percent of requests), and
 * {@code concurrency} and {@code rps} as Pods metrics with an AverageValue target of {@code scaleTarget} per pod,
 * read from the per-pod {@code concurrency} and {@code request_rate} signals. Missing, unready and stale pods are
 * handled by {@link ReplicaCalculator} exactly as the HPA handles pods without metrics.
 *
 * <p>Resource metrics read {@link PodSample}s from {@link ComponentInputs#resourceUsage()} and requests from
 * {@link ComponentInputs#pods()}: the feeder puts the request of the resource the component scales on into
 * {@code PodInfo.requestMilli}.
 *
 * @param config the HPA controller settings (tolerance, tolerance form, cpu readiness periods)
 */
public record ScaleMetricPolicy(HpaControllerConfig config) implements ScalingPolicy<NoState> {

    public static final ScaleMetricPolicy DEFAULT = new ScaleMetricPolicy(HpaControllerConfig.DEFAULT);

    /**
     * The window a per-pod sample covers: the custom metrics API's default {@code windowSeconds}, since
     * {@link ComponentInputs} does not carry the telemetry window. Only cpu readiness reads it, and pods signals
     * never go through the cpu rules.
     */
    public static final Duration POD_SAMPLE_WINDOW = Duration.ofSeconds(60);

    private static final String POLICY = PolicyKind.HPA.word();

    public ScaleMetricPolicy {
        Objects.requireNonNull(config, "HPA controller config");
    }

    @Override
    public PolicyKind kind() {
        return PolicyKind.HPA;
    }

    @Override
    public NoState initialState() {
        return NoState.INSTANCE;
    }

    @Override
    public PolicyOutcome<NoState> propose(ComponentInputs inputs, NoState state) {
        return new PolicyOutcome<>(proposal(inputs), NoState.INSTANCE);
    }

    private Proposal proposal(ComponentInputs inputs) {
        EffectiveComponentSpec spec = inputs.spec();
        ScaleMetric metric = spec.scaleMetric() == null ? ScaleMetric.CPU : spec.scaleMetric();
        Tolerances tolerances;
        try {
            tolerances = BehaviorDefaults.tolerances(spec.omescale().behavior(), config);
        } catch (IllegalArgumentException e) {
            return Proposal.failed(POLICY, "omescale.dev/behavior of " + Texts.component(inputs) + " is invalid: "
                    + e.getMessage(), List.of());
        }
        return switch (metric) {
            case CPU, MEMORY -> resource(inputs, metric.word(), tolerances);
            case CONCURRENCY -> pods(inputs, metric, SignalCatalog.CONCURRENCY, tolerances);
            case RPS -> pods(inputs, metric, SignalCatalog.REQUEST_RATE, tolerances);
        };
    }

    private Proposal resource(ComponentInputs inputs, String resource, Tolerances tolerances) {
        int target = inputs.spec().scaleTarget().value();
        String inputName = resource + "_utilization_percent";
        List<PodSample> usage = inputs.resourceUsage().get(resource);
        if (usage == null) {
            return Proposal.missing(POLICY, "no " + resource + " usage for pods of " + Texts.component(inputs)
                    + ": wire metrics.k8s.io (metrics-server) or choose scaleMetric concurrency/rps",
                    List.of(new InputUsed(inputName, null, (double) target, ComponentInputs.NEVER)));
        }
        Fresh fresh = Fresh.of(usage, inputs);
        MetricResult result = calculator().resourceUtilization(MetricSourceType.RESOURCE, resource,
                inputs.currentReplicas(), target, inputs.pods(), fresh.samples(), tolerances, inputs.now());
        if (result instanceof ReplicaProposal p) {
            double ratio = (double) p.current() / (double) target;
            String reason = resource + " utilization " + p.current() + "% of requests vs target " + target + "%"
                    + ratioText(ratio, tolerances) + ": " + p.replicas() + " replicas"
                    + missingNote(inputs, fresh, resource, "cpu".equals(resource));
            return Proposal.of(POLICY, p.replicas(), reason,
                    List.of(new InputUsed(inputName, (double) p.current(), (double) target, fresh.age(inputs))));
        }
        return error(inputs, (MetricError) result, resource, fresh,
                new InputUsed(inputName, null, (double) target, fresh.age(inputs)));
    }

    private Proposal pods(ComponentInputs inputs, ScaleMetric metric, String signal, Tolerances tolerances) {
        int target = inputs.spec().scaleTarget().value();
        List<PodSample> samples = new ArrayList<>();
        for (PodSignals pod : inputs.podSignals()) {
            Double value = pod.get(signal);
            if (value != null && Double.isFinite(value)) {
                samples.add(new PodSample(pod.pod(), Quantities.milli(value),
                        Instant.ofEpochMilli(pod.dataTimeMillis()), POD_SAMPLE_WINDOW));
            }
        }
        Fresh fresh = Fresh.of(samples, inputs);
        long targetMilli = Quantities.milli((double) target);
        MetricResult result = calculator().podsAverageValue(inputs.currentReplicas(), targetMilli,
                podsOrTelemetryPods(inputs), fresh.samples(), tolerances, inputs.now());
        if (result instanceof ReplicaProposal p) {
            double ratio = (double) p.current() / (double) targetMilli;
            String reason = metric.word() + " " + Texts.milli(p.current()) + "/pod vs target " + target + "/pod"
                    + ratioText(ratio, tolerances) + ": " + p.replicas() + " replicas"
                    + missingNote(inputs, fresh, signal, false);
            return Proposal.of(POLICY, p.replicas(), reason,
                    List.of(new InputUsed(signal, p.current() / 1000.0, (double) target, fresh.age(inputs))));
        }
        return error(inputs, (MetricError) result, signal, fresh,
                new InputUsed(signal, null, (double) target, fresh.age(inputs)));
    }

    /**
     * The pods the HPA would select. Without a cluster (standalone serving, the simulator) pods are known only
     * through their telemetry: each pod with signals stands for a Running pod. Pods metrics do not look at
     * readiness, so that is all the HPA arithmetic needs.
     */
    static List<PodInfo> podsOrTelemetryPods(ComponentInputs inputs) {
        if (!inputs.pods().isEmpty() || inputs.podSignals().isEmpty()) {
            return inputs.pods();
        }
        List<PodInfo> pods = new ArrayList<>();
        for (PodSignals p : inputs.podSignals()) {
            pods.add(new PodInfo(p.pod(), PodPhase.RUNNING, false, ReadyCondition.TRUE, null, null,
                    PodInfo.NO_REQUEST));
        }
        return pods;
    }

    private ReplicaCalculator calculator() {
        return new ReplicaCalculator(config);
    }

    private String ratioText(double ratio, Tolerances tolerances) {
        return " (ratio " + Texts.ratio(ratio) + (ratio != 1.0 && tolerances.within(ratio, config.toleranceForm())
                ? ", within tolerance" : "") + ")";
    }

    // Pods left without a fresh sample are the HPA's missing pods; say which and why so the user can fix telemetry.
    private String missingNote(ComponentInputs inputs, Fresh fresh, String what, boolean cpu) {
        List<String> missing = PodGrouping.group(podsOrTelemetryPods(inputs), fresh.samples(), cpu, inputs.now(),
                config.cpuInitializationPeriod(), config.initialReadinessDelay()).missing();
        if (missing.isEmpty()) {
            return "";
        }
        List<String> details = new ArrayList<>();
        for (String pod : missing) {
            Duration age = fresh.staleAges().get(pod);
            details.add(age == null ? pod + " has none" : pod + " is " + ageText(age));
        }
        return "; " + missing.size() + " of " + inputs.pods().size() + " pods without a fresh " + what
                + " sample (" + String.join(", ", details) + "; limit " + Texts.duration(inputs.maxSignalAge())
                + ") count as missing pods, as in the HPA";
    }

    private Proposal error(ComponentInputs inputs, MetricError e, String what, Fresh fresh, InputUsed input) {
        String reason = e.reason().kubernetesName() + " for " + Texts.component(inputs) + " (" + what + "): "
                + e.message() + staleNote(fresh, inputs);
        // a pod without a request is a spec the HPA cannot work with; anything else is data that did not arrive
        if (e.message().contains(": missing request for ")) {
            return Proposal.failed(POLICY, reason, List.of(input));
        }
        return Proposal.missing(POLICY, reason, List.of(input));
    }

    private static String staleNote(Fresh fresh, ComponentInputs inputs) {
        if (fresh.staleAges().isEmpty()) {
            return "";
        }
        List<String> details = new ArrayList<>();
        fresh.staleAges().forEach((pod, age) -> details.add(pod + " (" + ageText(age) + ")"));
        return "; left out as older than " + Texts.duration(inputs.maxSignalAge()) + ": "
                + String.join(", ", details);
    }

    private static String ageText(Duration age) {
        return age.equals(ComponentInputs.NEVER) ? "without a timestamp" : Texts.duration(age) + " old";
    }

    /** Samples no older than {@link ComponentInputs#maxSignalAge()}, and the ages of those left out. */
    private record Fresh(List<PodSample> samples, Map<String, Duration> staleAges) {

        static Fresh of(List<PodSample> all, ComponentInputs inputs) {
            List<PodSample> fresh = new ArrayList<>();
            Map<String, Duration> stale = new LinkedHashMap<>();
            for (PodSample s : all) {
                Duration age = age(s.timestamp(), inputs.now());
                if (s.timestamp().toEpochMilli() <= 0 || age.compareTo(inputs.maxSignalAge()) > 0) {
                    stale.put(s.pod(), s.timestamp().toEpochMilli() <= 0 ? ComponentInputs.NEVER : age);
                } else {
                    fresh.add(s);
                }
            }
            return new Fresh(List.copyOf(fresh), Collections.unmodifiableMap(stale));
        }

        /** The age of the oldest fresh sample: the input is only as current as that. */
        Duration age(ComponentInputs inputs) {
            return samples.stream().map(s -> age(s.timestamp(), inputs.now())).max(Duration::compareTo)
                    .orElse(ComponentInputs.NEVER);
        }

        private static Duration age(Instant timestamp, Instant now) {
            Duration d = Duration.between(timestamp, now);
            return d.isNegative() ? Duration.ZERO : d;
        }
    }
}
