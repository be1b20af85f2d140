package dev.omescale.scaler.policy;

import static dev.omescale.scaler.policy.PolicyFixtures.NOW;
import static dev.omescale.scaler.policy.PolicyFixtures.engine;
import static dev.omescale.scaler.policy.PolicyFixtures.withTrigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omescale.scaler.model.EffectiveComponentSpec;
import dev.omescale.scaler.model.PolicyKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdPolicyTest {

    static final String QUERY = "sum(rate(vllm:request_success_total{ome_io_inferenceservice=\"llama-chat\"}[1m]))";
    private static final String INPUT = "promql " + QUERY;

    static EffectiveComponentSpec spec(String threshold, String operator) {
        return engine("    autoscaling.keda.sh/prometheus.query: '" + QUERY + "'\n"
                + "    autoscaling.keda.sh/threshold: \"" + threshold + "\"\n"
                + (operator == null ? "" : "    autoscaling.keda.sh/operator: " + operator + "\n"),
                "    maxReplicas: 10\n", "");
    }

    private static Proposal propose(EffectiveComponentSpec spec, int current, QueryValue q) {
        ScalingPolicy.PolicyOutcome<NoState> out = ThresholdPolicy.DEFAULT.propose(
                new PolicyFixtures.Inputs(spec, current).promql(q).build(), NoState.INSTANCE);
        assertThat(out.state()).isEqualTo(NoState.INSTANCE);
        return out.proposal();
    }

    private static Proposal propose(String operator, int current, double value) {
        return propose(spec("10", operator), current, QueryValue.of(value, NOW));
    }

    @Test
    void isTheThresholdPolicy() {
        assertThat(ThresholdPolicy.DEFAULT.kind()).isEqualTo(PolicyKind.THRESHOLD);
    }

    // ---------- load ----------

    @Test
    void greaterThanReadsTheValueAsLoad() {
        Proposal p = propose("GreaterThan", 2, 23.5);
        assertThat(p).isEqualTo(Proposal.of("threshold", 3, "query value 23.5 is load (GreaterThan): 23.5 /"
                + " threshold 10 per replica (ratio 1.18 at 2 replicas): 3 replicas",
                List.of(new InputUsed(INPUT, 23.5, 10.0, Duration.ZERO))));
    }

    @ParameterizedTest(name = "{0} at 3 replicas, threshold 10 → {1}")
    @CsvSource({
        "30, 3",        // ratio 1: exactly at the threshold per replica
        "33, 3",        // ratio 1.1: the ≥ 1.33 tolerance edge is inclusive
        "33.001, 4",    // just outside: ceil(3.3001)
        "27, 3",        // ratio 0.9: inclusive at the bottom too
        "26.999, 3",    // outside, but ceil(2.6999) is still 3
        "19.9, 2",
        "0.001, 1",
        "95, 10",
        "1000, 100",    // the policy does not clamp; the engine clamps to maxReplicas
    })
    void greaterThanOrEqualAtTheThresholdEdges(double value, int expected) {
        assertThat(propose("GreaterThanOrEqual", 3, value).replicas()).isEqualTo(expected);
        assertThat(propose("GreaterThan", 3, value).replicas()).as("strictness makes no difference").isEqualTo(expected);
    }

    @Test
    void atTheEdgeTheReasonSaysWithinTolerance() {
        assertThat(propose("GreaterThanOrEqual", 3, 33).reason()).isEqualTo("query value 33 is load"
                + " (GreaterThanOrEqual): 33 / threshold 10 per replica (ratio 1.10 at 3 replicas, within tolerance): 3"
                + " replicas");
        assertThat(propose("GreaterThanOrEqual", 3, 30).reason()).doesNotContain("within tolerance");
    }

    @Test
    void zeroLoadProposesZeroAndTheEngineClamps() {
        assertThat(propose("GreaterThan", 3, 0).reason()).isEqualTo("query value 0 is load (GreaterThan): 0 /"
                + " threshold 10 per replica (ratio 0.00 at 3 replicas): 0 replicas");
    }

    @Test
    void negativeLoadCountsAsZeroAsKedaReportsIt() {
        Proposal p = propose("GreaterThan", 3, -5);
        assertThat(p.replicas()).isZero();
        assertThat(p.inputs().get(0).value()).isEqualTo(-5.0);
    }

    @Test
    void smallThresholdsUseMilliUnits() {
        // OME's docs example: ITL threshold 0.07 s; 0.2 s of load is ceil(200m / 70m) = 3
        Proposal p = propose(spec("0.07", "GreaterThanOrEqual"), 1, QueryValue.of(0.2, NOW));
        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.reason()).isEqualTo("query value 0.2 is load (GreaterThanOrEqual): 0.2 / threshold 0.07 per"
                + " replica (ratio 2.86 at 1 replicas): 3 replicas");
    }

    @Test
    void fromZeroReplicasLoadGivesCeilOfValueOverThreshold() {
        Proposal p = propose("GreaterThan", 0, 25);
        assertThat(p.replicas()).isEqualTo(3);
        assertThat(p.reason()).isEqualTo("query value 25 is load (GreaterThan): 25 / threshold 10 per replica (from"
                + " 0 replicas): 3 replicas");
    }

    @Test
    void unsetOperatorIsLoadWithANote() {
        Proposal p = propose(spec("10", null), 2, QueryValue.of(45, NOW));
        assertThat(p.replicas()).isEqualTo(5);
        assertThat(p.reason()).isEqualTo("query value 45 is load (operator not set): 45 / threshold 10 per replica"
                + " (ratio 2.25 at 2 replicas): 5 replicas; note: scalingOperator is not set, so the value is read as"
                + " load, as KEDA does (OME's code default LessThanOrEqual would read it as headroom); set"
                + " scalingOperator to say which");
    }

    @Test
    void unknownOperatorIsLoadWithANote() {
        Proposal p = propose(withTrigger(spec("10", "GreaterThan"), 10, "Above"), 2, QueryValue.of(45, NOW));
        assertThat(p.replicas()).isEqualTo(5);
        assertThat(p.reason()).endsWith("; note: scalingOperator \"Above\" is not GreaterThan, GreaterThanOrEqual,"
                + " LessThan or LessThanOrEqual, so the value is read as load, as KEDA does");
    }

    // ---------- headroom ----------

    @Test
    void lessThanReadsTheValueAsHeadroom() {
        Proposal p = propose("LessThan", 3, 5);
        assertThat(p).isEqualTo(Proposal.of("threshold", 6, "query value 5 is headroom (LessThan): 3 replicas ×"
                + " threshold 10 / 5 (ratio 2.00): 6 replicas", List.of(new InputUsed(INPUT, 5.0, 10.0,
                Duration.ZERO))));
    }

    @ParameterizedTest(name = "headroom {0} at 4 replicas, threshold 10 → {1}")
    @CsvSource({
        "40, 1",       // plenty left: ceil(4 × 10 / 40)
        "20, 2",
        "10, 4",       // exactly the threshold: hold
        "10.5, 4",     // ratio 0.95: within tolerance
        "9.1, 4",      // ratio 1.0989: within
        "9, 5",        // ratio 1.111: ceil(4.44)
        "4, 10",
        "1, 10",       // 40 capped at maxReplicas
    })
    void lessThanOrEqualHeadroomTable(double value, int expected) {
        assertThat(propose("LessThanOrEqual", 4, value).replicas()).isEqualTo(expected);
        assertThat(propose("LessThan", 4, value).replicas()).isEqualTo(expected);
    }

    @Test
    void headroomWithinToleranceSaysSo() {
        assertThat(propose("LessThanOrEqual", 4, 10.5).reason()).isEqualTo("query value 10.5 is headroom"
                + " (LessThanOrEqual): 4 replicas × threshold 10 / 10.5 (ratio 0.95, within tolerance): 4 replicas");
    }

    @Test
    void noHeadroomLeftScalesToMax() {
        assertThat(propose("LessThanOrEqual", 3, 0)).isEqualTo(Proposal.of("threshold", 10, "query value 0 is"
                + " headroom (LessThanOrEqual): no headroom left at 3 replicas (threshold 10), so scale to maxReplicas:"
                + " 10 replicas", List.of(new InputUsed(INPUT, 0.0, 10.0, Duration.ZERO))));
        assertThat(propose("LessThan", 3, -2).replicas()).isEqualTo(10);
    }

    @Test
    void headroomIsCappedAtMaxAndSaysSo() {
        assertThat(propose("LessThan", 3, 0.1).reason()).isEqualTo("query value 0.1 is headroom (LessThan): 3"
                + " replicas × threshold 10 / 0.1 (ratio 100.00): 10 replicas (maxReplicas)");
    }

    @Test
    void headroomAtZeroReplicasLeavesItToActivation() {
        Proposal p = propose("LessThan", 0, 0);
        assertThat(p.replicas()).isZero();
        assertThat(p.reason()).isEqualTo("query value 0 is headroom (LessThan), but at 0 replicas there is no"
                + " headroom to scale from: 0 replicas until activation starts one");
    }

    // ---------- missing, stale, failed ----------

    @Test
    void aStandInValueHoldsWithTheWarning() {
        Proposal p = propose(spec("10", "GreaterThan"), 3, QueryValue.standIn(0, "default/llama-chat-engine:"
                + " Prometheus query \"q\" returned no series, read as 0 as KEDA does (ignoreNullValues)", NOW));
        assertThat(p).isEqualTo(Proposal.missing("threshold", "default/llama-chat-engine: Prometheus query \"q\""
                + " returned no series, read as 0 as KEDA does (ignoreNullValues); holding 3 replicas: omescale does"
                + " not scale on a value that stands in for missing data",
                List.of(new InputUsed(INPUT, 0.0, 10.0, Duration.ZERO))));
    }

    @Test
    void aStandInHoldsForHeadroomToo() {
        // KEDA's 0 for NaN would otherwise read as "no headroom" and jump to maxReplicas
        Proposal p = propose(spec("10", "LessThan"), 3, QueryValue.standIn(0, "w", NOW));
        assertThat(p.replicas()).isNull();
        assertThat(p.missingData()).isTrue();
    }

    @Test
    void aFailedQueryIsAFailedProposal() {
        Proposal p = propose(spec("10", "GreaterThan"), 3, QueryValue.failed("default/llama-chat-engine:"
                + " Prometheus at http://prom:9090, query \"q\": HTTP 400, bad_data: parse error; fix the PromQL query",
                NOW));
        assertThat(p).isEqualTo(Proposal.failed("threshold", "default/llama-chat-engine: Prometheus at"
                + " http://prom:9090, query \"q\": HTTP 400, bad_data: parse error; fix the PromQL query; holding 3"
                + " replicas", List.of(new InputUsed(INPUT, null, 10.0, Duration.ZERO))));
    }

    @Test
    void aFailureWithoutTheComponentGetsIt() {
        Proposal p = propose(spec("10", "GreaterThan"), 3, QueryValue.failed("timeout", NOW));
        assertThat(p.reason()).isEqualTo("default/llama-chat-engine: timeout; holding 3 replicas");
    }

    @Test
    void aStaleValueIsMissingData() {
        Proposal p = propose(spec("10", "GreaterThan"), 3, QueryValue.of(100, NOW.minusSeconds(60)));
        assertThat(p).isEqualTo(Proposal.missing("threshold", "PromQL value for default/llama-chat-engine is 1m old,"
                + " older than 30s; holding 3 replicas until the query is evaluated again",
                List.of(new InputUsed(INPUT, 100.0, 10.0, Duration.ofSeconds(60)))));
    }

    @Test
    void noValueIsMissingData() {
        Proposal p = propose(spec("10", "GreaterThan"), 3, null);
        assertThat(p).isEqualTo(Proposal.missing("threshold", "no PromQL value for default/llama-chat-engine: the"
                + " query \"" + QUERY + "\" was not evaluated this tick; holding 3 replicas",
                List.of(new InputUsed(INPUT, null, 10.0, ComponentInputs.NEVER))));
    }
}
