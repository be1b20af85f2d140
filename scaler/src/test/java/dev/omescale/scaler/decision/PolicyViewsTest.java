package dev.omescale.scaler.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omescale.scaler.model.PolicyKind;
import dev.omescale.scaler.model.ScalingLever;
import dev.omescale.scaler.policy.InputUsed;
import dev.omescale.scaler.policy.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explanation's views over the proposals must read exactly like the lists of records they replaced. */
class PolicyViewsTest {

    private static final Duration AGE = Duration.ofSeconds(5);

    private static List<PolicyRunner.Ran> ran() {
        return List.of(
                new PolicyRunner.Ran(PolicyKind.SLO, Proposal.missing("slo", "ttft missing", List.of(
                        new InputUsed("ttft_p95_seconds", null, 2.0, AGE),
                        new InputUsed("running_requests", 3.0, null, AGE))), null),
                new PolicyRunner.Ran(PolicyKind.HPA, Proposal.of("hpa", 4, "concurrency 7/pod > 5", List.of()),
                        null),
                new PolicyRunner.Ran(PolicyKind.KPA, Proposal.of("kpa", 3, () -> "written " + "late", List.of(
                        new InputUsed("concurrency", 7.0, 5.0, AGE))), null));
    }

    /** What the engine built before the views: one record per input and per proposal, policy by policy. */
    private static List<Explanation.Input> copiedInputs(List<PolicyRunner.Ran> ran) {
        List<Explanation.Input> out = new ArrayList<>();
        for (PolicyRunner.Ran r : ran) {
            for (InputUsed in : r.proposal().inputs()) {
                out.add(new Explanation.Input(r.proposal().policy(), in.name(), in.value(), in.target(), in.age()));
            }
        }
        return out;
    }

    @Test
    void inputsReadLikeTheCopiedRecords() {
        List<PolicyRunner.Ran> ran = ran();
        List<Explanation.Input> view = PolicyViews.inputs(ran);
        List<Explanation.Input> copied = copiedInputs(ran);

        assertThat(view).hasSize(3).containsExactlyElementsOf(copied);
        assertThat(view).isEqualTo(copied);
        assertThat(copied).isEqualTo(view);
        assertThat(view.hashCode()).isEqualTo(copied.hashCode());
        assertThat(view.toString()).isEqualTo(copied.toString());
        assertThat(view.get(2)).isEqualTo(new Explanation.Input("kpa", "concurrency", 7.0, 5.0, AGE));
        assertThatThrownBy(() -> view.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> view.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> view.add(copied.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(PolicyViews.inputs(List.of())).isEmpty();
    }

    @Test
    void proposalsReadLikeTheCopiedRecords() {
        List<PolicyRunner.Ran> ran = ran();
        List<Explanation.PolicyProposal> view = PolicyViews.proposals(ran);
        List<Explanation.PolicyProposal> copied = List.of(
                new Explanation.PolicyProposal("slo", null, "ttft missing", true),
                new Explanation.PolicyProposal("hpa", 4, "concurrency 7/pod > 5", false),
                new Explanation.PolicyProposal("kpa", 3, "written late", false));

        assertThat(view).isEqualTo(copied);
        assertThat(view.hashCode()).isEqualTo(copied.hashCode());
        assertThat(view.get(2).reason()).isEqualTo("written late");
        assertThatThrownBy(() -> view.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theExplanationKeepsTheViewsAndCopiesAnythingElse() {
        List<PolicyRunner.Ran> ran = ran();
        List<Explanation.Input> view = PolicyViews.inputs(ran);
        List<Explanation.Input> mutable = copiedInputs(ran);
        Explanation kept = explanation(view);
        Explanation copied = explanation(mutable);
        mutable.clear();

        assertThat(kept.inputs()).isSameAs(view);
        assertThat(copied.inputs()).hasSize(3).isEqualTo(view);
        assertThat(kept).isEqualTo(copied);
        assertThat(kept.toJson()).isEqualTo(copied.toJson());
        assertThat(kept.toLine()).isEqualTo(copied.toLine());
    }

    private static Explanation explanation(List<Explanation.Input> inputs) {
        return new Explanation("ns/llama/engine", Instant.EPOCH, AGE, inputs, List.of(),
                new Explanation.Combination(4, "hpa", Explanation.CombineRule.MAX_DESPITE_MISSING, "combined max 4"),
                List.of(), null, null, null, null, null, 3, 4, Outcome.SCALE_UP, Outcome.SCALE_UP,
                ScalingLever.values()[0], null, List.of());
    }
}
