package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.PolicyFixtures.NOW;
import static dev.omescale.scaler.policy.PolicyFixtures.engine;
import static dev.omescale.scaler.policy.PolicyFixtures.notReady;
import static dev.omescale.scaler.policy.PolicyFixtures.pending;
import static dev.omescale.scaler.policy.PolicyFixtures.ready;
import static dev.omescale.scaler.policy.PolicyFixtures.readyPods;
import static dev.omescale.scaler.policy.PolicyFixtures.signal;
import static dev.omescale.scaler.policy.PolicyFixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.hpa.PodInfo;
import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.telemetry.signal.PodSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleMetricPolicyTest {

    private static final ScaleMetricPolicy POLICY = ScaleMetricPolicy.DEFAULT;

    private static EffectiveComponentSpec spec(String metric, int target) {
        return engine("", "    scaleMetric: " + metric + "\n    scaleTarget: " + target + "\n    maxReplicas: 30\n",
                "");
    }

    private static List<PodSignals> signals(String signal, double... values) {
        List<PodSignals> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(signal("p" + (i + 1), signal, values[i], NOW));
        }
        return out;
    }

    private static Proposal propose(PolicyFixtures.Inputs in) {
        ScalingPolicy.PolicyOutcome<NoState> outcome = POLICY.propose(in.build(), POLICY.initialState());
        assertThat(outcome.state()).isEqualTo(NoState.INSTANCE);
        return outcome.proposal();
    }

    @Test
    void isTheHpaPolicy() {
        assertThat(POLICY.kind()).isEqualTo(PolicyKind.HPA);
        assertThat(POLICY.initialState()).isEqualTo(NoState.INSTANCE);
    }

    // ---------- upstream vectors (hpa-algorithm.md 10.1) recast through the policy ----------

    @Test
    void podsAverageValueVector() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 20), 5).pods(readyPods(5))
                .podSignals(signals("concurrency", 12, 12, 12, 12, 12)));
        assertThat(p).isEqualTo(Proposal.of("hpa", 3, "concurrency 12/pod vs target 20/pod (ratio 0.60): 3 replicas",
                List.of(new InputUsed("concurrency", 12.0, 20.0, Duration.ZERO))));
    }

    @Test
    void cpuUtilizationVector() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("cpu", 50), 5).pods(readyPods(5)).usage("cpu",
                List.of(usage("p1", 100), usage("p2", 300), usage("p3", 500), usage("p4", 250), usage("p5", 250))));
        assertThat(p).isEqualTo(Proposal.of("hpa", 3,
                "cpu utilization 28% of requests vs target 50% (ratio 0.56): 3 replicas",
                List.of(new InputUsed("cpu_utilization_percent", 28.0, 50.0, Duration.ZERO))));
    }

    @Test
    void cpuMissingPodsOnScaleDownVector() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("cpu", 100), 4).pods(readyPods(4))
                .usage("cpu", List.of(usage("p1", 400), usage("p2", 95))));
        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.reason()).isEqualTo("cpu utilization 24% of requests vs target 100% (ratio 0.24): 3 replicas;"
                + " 2 of 4 pods without a fresh cpu sample (p3 has none, p4 has none; limit 30s) count as missing"
                + " pods, as in the HPA");
    }

    @Test
    void concurrencyMissingPodsOnScaleDownAreAssumedAtTarget() {
        // alone, p1 and p2 at 2 of 10 would give ceil(0.2 × 2) = 1; the missing two at the target damp it to 3
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 10), 4).pods(readyPods(4))
                .podSignals(signals("concurrency", 2, 2)));
        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.missingData()).isFalse();
    }

    // ---------- the other metrics ----------

    @Test
    void reasonShowsTheAverageInUnitsAndTheRatio() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 3).pods(readyPods(3))
                .podSignals(signals("concurrency", 7.1, 7.1, 7.1)));
        assertThat(p.reason()).isEqualTo("concurrency 7.1/pod vs target 5/pod (ratio 1.42): 5 replicas");
        assertThat(p.replicas()).isEqualTo(5);
    }

    @Test
    void rpsReadsTheRequestRateSignal() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("rps", 10), 2).pods(readyPods(2))
                .podSignals(signals("request_rate", 15, 15)));
        assertThat(p).isEqualTo(Proposal.of("hpa", 3, "rps 15/pod vs target 10/pod (ratio 1.50): 3 replicas",
                List.of(new InputUsed("request_rate", 15.0, 10.0, Duration.ZERO))));
    }

    @Test
    void rpsIgnoresTheConcurrencySignal() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("rps", 10), 2).pods(readyPods(2))
                .podSignals(signals("concurrency", 15, 15)));
        assertThat(p.replicas()).isNull();
        assertThat(p.missingData()).isTrue();
    }

    @Test
    void memoryIsUtilizationWithoutCpuReadinessRules() {
        // p2 is NotReady: cpu would drop its sample, memory counts it (the HPA checks readiness for cpu only)
        List<PodInfo> pods = List.of(ready("p1", 1000), notReady("p2", 1000));
        Proposal p = propose(new PolicyFixtures.Inputs(spec("memory", 80), 2).pods(pods)
                .usage("memory", List.of(usage("p1", 1200), usage("p2", 1200))));
        assertThat(p.reason()).isEqualTo("memory utilization 120% of requests vs target 80% (ratio 1.50): 3 replicas");
    }

    @Test
    void withinToleranceHoldsAndSaysSo() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 3).pods(readyPods(3))
                .podSignals(signals("concurrency", 5.2, 5.2, 5.2)));
        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.reason()).isEqualTo("concurrency 5.2/pod vs target 5/pod (ratio 1.04, within tolerance): 3"
                + " replicas");
    }

    @Test
    void toleranceEdgeIsInclusiveAsInKubernetes133() {
        // 5.5 / 5 = 1.1 exactly in milli-units: within (1 + 0.1) in the ≥ 1.33 form
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 3).pods(readyPods(3))
                .podSignals(signals("concurrency", 5.5, 5.5, 5.5)));
        assertThat(p.replicas()).isEqualTo(3);
        Proposal above = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 3).pods(readyPods(3))
                .podSignals(signals("concurrency", 5.501, 5.501, 5.501)));
        assertThat(above.replicas()).isEqualTo(4);
    }

    @Test
    void behaviorToleranceFromTheAnnotationApplies() {
        EffectiveComponentSpec s = engine("    omescale.dev/behavior: '{\"scaleUp\":{\"tolerance\":0.5}}'\n",
                "    scaleMetric: concurrency\n    scaleTarget: 5\n", "");
        Proposal p = propose(new PolicyFixtures.Inputs(s, 3).pods(readyPods(3))
                .podSignals(signals("concurrency", 7.1, 7.1, 7.1)));
        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.reason()).isEqualTo("concurrency 7.1/pod vs target 5/pod (ratio 1.42, within tolerance): 3"
                + " replicas");
    }

    @Test
    void unreadyPodsDampAScaleUp() {
        // r = 1.5 over p1 and p2; the Pending p3 counts as 0 on a scale-up, so r' = 1.0 and the HPA holds
        List<PodInfo> pods = List.of(ready("p1"), ready("p2"), pending("p3"));
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 10), 3).pods(pods)
                .podSignals(signals("concurrency", 15, 15)));
        assertThat(p.replicas()).isEqualTo(3);
    }

    // ---------- missing and stale data ----------

    @Test
    void stalePodSignalsCountAsMissingSamples() {
        Instant old = NOW.minusSeconds(95);
        List<PodSignals> s = List.of(signal("p1", "concurrency", 2, NOW), signal("p2", "concurrency", 2, NOW),
                signal("p3", "concurrency", 100, old));
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 3).pods(readyPods(3)).podSignals(s));
        // with p3's stale 100 the HPA would go to 21; as a missing pod on a scale-down it sits at the target
        assertThat(p.replicas()).isEqualTo(2);
        assertThat(p.reason()).isEqualTo("concurrency 2/pod vs target 5/pod (ratio 0.40): 2 replicas; 1 of 3 pods"
                + " without a fresh concurrency sample (p3 is 95s old; limit 30s) count as missing pods, as in the HPA");
        assertThat(p.inputs()).containsExactly(new InputUsed("concurrency", 2.0, 5.0, Duration.ZERO));
    }

    @Test
    void allSignalsStaleIsMissingDataNotAScaleDown() {
        Instant old = NOW.minusSeconds(95);
        List<PodSignals> s = List.of(signal("p1", "concurrency", 0, old), signal("p2", "concurrency", 0, old));
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 2).pods(readyPods(2)).podSignals(s));
        assertThat(p).isEqualTo(Proposal.missing("hpa", "FailedGetPodsMetric for default/llama-chat-engine"
                + " (concurrency): did not receive metrics for targeted pods (pods might be unready); left out as"
                + " older than 30s: p1 (95s old), p2 (95s old)",
                List.of(new InputUsed("concurrency", null, 5.0, ComponentInputs.NEVER))));
    }

    @Test
    void signalsWithoutATimestampAreStale() {
        PodSignals noTime = new PodSignals("default", "p1", "llama-chat", "engine",
                java.util.Map.of("concurrency", 1.0), 0, List.of());
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 1).pods(readyPods(1))
                .podSignals(List.of(noTime)));
        assertThat(p.missingData()).isTrue();
        assertThat(p.reason()).endsWith("left out as older than 30s: p1 (without a timestamp)");
    }

    @Test
    void noPodSignalsIsMissingData() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("concurrency", 5), 2).pods(readyPods(2)));
        assertThat(p.replicas()).isNull();
        assertThat(p.missingData()).isTrue();
        assertThat(p.reason()).isEqualTo("FailedGetPodsMetric for default/llama-chat-engine (concurrency): did not"
                + " receive metrics for targeted pods (pods might be unready)");
    }

    @Test
    void withoutPodObjectsThePodsWithTelemetryStandForRunningPods() {
        // standalone serving and the simulator know pods only through their signals
        Proposal p = propose(new PolicyFixtures.Inputs(spec("rps", 5), 2)
                .podSignals(signals("request_rate", 3)));
        assertThat(p.missingData()).isFalse();
        assertThat(p.replicas()).isNotNull();
        assertThat(p.reason()).startsWith("rps 3/pod vs target 5/pod");
    }

    @Test
    void noPodsAndNoPodSignalsIsMissingData() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("rps", 5), 2));
        assertThat(p.missingData()).isTrue();
        assertThat(p.reason()).isEqualTo("FailedGetPodsMetric for default/llama-chat-engine (request_rate): no pods"
                + " returned by selector while calculating replica count");
    }

    @Test
    void noUsageSourceNamesWhatIsMissing() {
        Proposal p = propose(new PolicyFixtures.Inputs(spec("cpu", 50), 2).pods(readyPods(2)));
        assertThat(p).isEqualTo(Proposal.missing("hpa", "no cpu usage for pods of default/llama-chat-engine: wire"
                + " metrics.k8s.io (metrics-server) or choose scaleMetric concurrency/rps",
                List.of(new InputUsed("cpu_utilization_percent", null, 50.0, ComponentInputs.NEVER))));
        Proposal memory = propose(new PolicyFixtures.Inputs(spec("memory", 50), 2).pods(readyPods(2))
                .usage("cpu", List.of(usage("p1", 1))));
        assertThat(memory.reason()).startsWith("no memory usage for pods of default/llama-chat-engine");
    }

    @Test
    void missingRequestIsAFailedProposalWithTheHpaReason() {
        List<PodInfo> pods = List.of(ready("p1", 1000), ready("p2", PodInfo.NO_REQUEST));
        Proposal p = propose(new PolicyFixtures.Inputs(spec("cpu", 50), 2).pods(pods)
                .usage("cpu", List.of(usage("p1", 500), usage("p2", 500))));
        assertThat(p.replicas()).isNull();
        assertThat(p.missingData()).isFalse();
        assertThat(p.reason()).isEqualTo("FailedGetResourceMetric for default/llama-chat-engine (cpu): failed to get"
                + " cpu utilization: missing request for cpu in Pod p2; set resources.requests.cpu on its containers"
                + " (or a pod-level request)");
    }

    @Test
    void staleResourceSamplesAreLeftOutToo() {
        List<dev.omescale.scaler.hpa.PodSample> samples = List.of(
                new dev.omescale.scaler.hpa.PodSample("p1", 10, NOW.minusSeconds(120), Duration.ofSeconds(60)));
        Proposal p = propose(new PolicyFixtures.Inputs(spec("cpu", 50), 1).pods(readyPods(1)).usage("cpu", samples));
        assertThat(p.missingData()).isTrue();
        assertThat(p.reason()).isEqualTo("FailedGetResourceMetric for default/llama-chat-engine (cpu): failed to get"
                + " cpu utilization: did not receive metrics for targeted pods (pods might be unready); left out as"
                + " older than 30s: p1 (2m old)");
    }

    @Test
    void sameInputsGiveTheSameProposal() {
        PolicyFixtures.Inputs in = new PolicyFixtures.Inputs(spec("concurrency", 5), 3).pods(readyPods(3))
                .podSignals(signals("concurrency", 1, 9, 4));
        assertThat(propose(in)).isEqualTo(propose(in));
    }
}
