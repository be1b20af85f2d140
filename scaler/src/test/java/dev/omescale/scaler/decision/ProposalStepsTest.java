package dev.omescale.scaler.decision;

import static dev.omescale.scaler.decision.Fixtures.FRESH;
import static dev.omescale.scaler.decision.Fixtures.NOW;
import static dev.omescale.scaler.decision.Fixtures.engineOnly;
import static dev.omescale.scaler.decision.Fixtures.inputs;
import static dev.omescale.scaler.decision.Fixtures.tick;
import static dev.omescale.scaler.decision.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.omescale.scaler.decision.Explanation.CombineRule;
import dev.omescale.scaler.hpa.HpaState;
import dev.omescale.scaler.model.ComponentKind;
import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ResolvedService;
import dev.omescale.scaler.policy.ComponentInputs;
import dev.omescale.scaler.policy.ScalingPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Steps a–c: the policy set, each policy's turn with its state, the inputs gathered, and the HPA-style combine. */
class ProposalStepsTest {

    private static final ResolvedService TWO_POLICIES =
            engineOnly("    omescale.dev/slo-ttft-p95: 2s\n    omescale.dev/policy: hpa,slo\n", "maxReplicas: 8");

    private static ComponentDecision decide(PolicySet policies, int current) {
        return new DecisionEngine(policies).decide(
                tick(TWO_POLICIES, inputs(TWO_POLICIES, ComponentKind.ENGINE, current, values("concurrency", 12))),
                ServiceHistory.empty()).components().get(0);
    }

    private static ScalingPolicy<?> slo(String what) {
        return switch (what) {
            case "missing" -> new TestPolicies.Missing(PolicyKind.SLO, "ttft_p95_seconds");
            case "error" -> new TestPolicies.Failing(PolicyKind.SLO);
            default -> new TestPolicies.Fixed(PolicyKind.SLO, Integer.parseInt(what));
        };
    }

    // hpa always proposes ceil(12 / 3) = 4; the second policy varies
    @ParameterizedTest(name = "current {0}, slo {1} → {2} {3} {4}")
    @CsvSource({
            "3, 2,       4, MAX,                 SCALE_UP",
            "3, 6,       6, MAX,                 SCALE_UP",
            "4, 2,       4, MAX,                 HOLD",
            "2, missing, 4, MAX_DESPITE_MISSING, SCALE_UP",
            "4, missing, 4, MAX_DESPITE_MISSING, HOLD_MISSING_DATA",
            "6, missing, 6, HOLD_MISSING,        HOLD_MISSING_DATA",
            "6, error,   6, HOLD_MISSING,        HOLD_MISSING_DATA",
            "2, error,   4, MAX_DESPITE_MISSING, SCALE_UP",
    })
    void combinesLikeTheHpaAndNeverScalesDownOnMissingData(int current, String second, int expected,
            CombineRule rule, Outcome outcome) {
        ComponentDecision d = decide(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 3),
                slo(second)), current);
        assertThat(d.desiredReplicas()).isEqualTo(expected);
        assertThat(d.explanation().combined().rule()).isEqualTo(rule);
        assertThat(d.outcome()).isEqualTo(outcome);
    }

    @Test
    void theHoldNamesThePolicyAndTheInputItMissed() {
        ComponentDecision d = decide(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 3),
                slo("missing")), 6);
        assertThat(d.explanation().combined()).isEqualTo(new Explanation.Combination(null, null,
                CombineRule.HOLD_MISSING, "holding 6: no proposal from slo (missing ttft_p95_seconds), and the others "
                        + "propose at most 4"));
        // held before normalization: the HPA sees an invalid metric, stores no recommendation, limits nothing
        assertThat(d.explanation().stabilization()).isNull();
        assertThat(d.explanation().limits()).isNull();
        assertThat(d.explanation().conditions()).extracting(Explanation.Condition::type, Explanation.Condition::status,
                Explanation.Condition::reason).containsExactly(
                tuple("AbleToScale", true, "SucceededGetScale"),
                tuple("ScalingActive", false, "FailedGetExternalMetric"));
    }

    @Test
    void withNoProposalAtAllTheCountHolds() {
        ComponentDecision d = decide(PolicySet.of(new TestPolicies.Missing(PolicyKind.HPA, "concurrency"),
                new TestPolicies.Failing(PolicyKind.SLO)), 5);
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
        assertThat(d.explanation().combined().note())
                .isEqualTo("holding 5: no proposal from hpa (missing concurrency), slo (error)");
    }

    @Test
    void staleInputsAreNamedWithTheirAge() {
        ResolvedService s = TWO_POLICIES;
        ComponentDecision d = new DecisionEngine(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 3),
                new TestPolicies.Fixed(PolicyKind.SLO, 1))).decide(tick(s, inputs(s, ComponentKind.ENGINE, 5,
                values("concurrency", 1), Duration.ofSeconds(45), NOW)), ServiceHistory.empty()).components().get(0);
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.explanation().combined().note())
                .isEqualTo("holding 5: no proposal from hpa (missing concurrency 45s old), and the others propose at "
                        + "most 1");
        assertThat(d.explanation().signalAge()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void gatherRecordsEveryInputWithItsAgeAndEachProposal() {
        ComponentDecision d = decide(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 3),
                slo("missing")), 3);
        assertThat(d.explanation().signalAge()).isEqualTo(FRESH);
        assertThat(d.explanation().inputs()).containsExactly(
                new Explanation.Input("hpa", "concurrency", 12.0, 3.0, FRESH),
                new Explanation.Input("slo", "ttft_p95_seconds", null, 2.0, ComponentInputs.NEVER));
        assertThat(d.explanation().proposals()).containsExactly(
                new Explanation.PolicyProposal("hpa", 4, "concurrency 12 / 3", false),
                new Explanation.PolicyProposal("slo", null, "no ttft_p95_seconds", true));
    }

    @Test
    void anUnregisteredPolicyIsExplainedNotThrown() {
        ComponentDecision d = decide(PolicySet.of(new TestPolicies.Load(PolicyKind.HPA, "concurrency", 3)), 6);
        assertThat(d.explanation().proposals().get(1)).isEqualTo(new Explanation.PolicyProposal("slo", null,
                "policy slo is not registered in this omescale (registered: hpa); remove it from omescale.dev/policy "
                        + "on llama-chat-engine or run an omescale that has it", false));
        assertThat(d.desiredReplicas()).isEqualTo(6);
        assertThat(d.outcome()).isEqualTo(Outcome.HOLD_MISSING_DATA);
    }

    @Test
    void aThrowingPolicyIsAnErrorAndKeepsItsState() {
        PolicySet set = PolicySet.of(new TestPolicies.Fixed(PolicyKind.HPA, 2),
                new TestPolicies.Throwing(PolicyKind.SLO));
        ServiceHistory seeded = ServiceHistory.empty().with(ComponentKind.ENGINE, new ComponentHistory(
                HpaState.initial(), null, Map.of(PolicyKind.SLO, 41), null, false));
        ServiceDecision d = new DecisionEngine(set).decide(tick(TWO_POLICIES, inputs(TWO_POLICIES,
                ComponentKind.ENGINE, 3, values("concurrency", 1))), seeded);
        assertThat(d.components().get(0).explanation().proposals().get(1).reason()).isEqualTo(
                "policy slo failed on llama-chat-engine: java.lang.IllegalStateException: boom; this is a bug in the "
                        + "policy, please report it");
        assertThat(d.components().get(0).desiredReplicas()).isEqualTo(3);
        assertThat(d.next().component(ComponentKind.ENGINE).policyStates()).containsExactly(Map.entry(PolicyKind.SLO,
                41));
    }

    @Test
    void policyStatesGoInAndComeOutPerTickAndUnconfiguredOnesAreDropped() {
        PolicySet set = PolicySet.of(new TestPolicies.Counting(PolicyKind.HPA, 3),
                new TestPolicies.Counting(PolicyKind.SLO, 3), new TestPolicies.Counting(PolicyKind.KPA, 3));
        DecisionEngine engine = new DecisionEngine(set);
        ServiceHistory h = ServiceHistory.empty().with(ComponentKind.ENGINE, new ComponentHistory(
                HpaState.initial(), null, Map.of(PolicyKind.KPA, 7), null, false));
        for (int i = 1; i <= 3; i++) {
            ServiceDecision d = engine.decide(tick(TWO_POLICIES, NOW.plusSeconds(15L * i), inputs(TWO_POLICIES,
                    ComponentKind.ENGINE, 3, values("concurrency", 1), FRESH, NOW.plusSeconds(15L * i))), h);
            assertThat(d.components().get(0).explanation().proposals()).extracting(Explanation.PolicyProposal::reason)
                    .containsExactly("tick " + i, "tick " + i);
            h = d.next();
        }
        assertThat(h.component(ComponentKind.ENGINE).policyStates())
                .isEqualTo(Map.of(PolicyKind.HPA, 3, PolicyKind.SLO, 3));
    }

    @Test
    void aPolicySetHasOnePolicyPerKind() {
        assertThatThrownBy(() -> PolicySet.of(new TestPolicies.Fixed(PolicyKind.HPA, 1),
                new TestPolicies.Fixed(PolicyKind.HPA, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two policies for hpa").hasMessageEndingWith("register one policy per kind");
        PolicySet set = PolicySet.of(new TestPolicies.Fixed(PolicyKind.SLO, 1),
                new TestPolicies.Fixed(PolicyKind.HPA, 1));
        assertThat(set.kinds()).containsExactlyInAnyOrder(PolicyKind.SLO, PolicyKind.HPA);
        assertThat(set.words()).isEqualTo("slo, hpa");
        assertThat(set.get(PolicyKind.KPA)).isEmpty();
        assertThat(PolicySet.of().words()).isEqualTo("none");
    }
}
