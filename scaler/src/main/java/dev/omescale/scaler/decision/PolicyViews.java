package dev.omescale.scaler.decision;

import dev.omescale.scaler.policy.InputUsed;
import dev.omescale.scaler.policy.Proposal;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The explanation's lists of inputs and proposals as views over the policies' proposals, not copies: a fleet's tick
 * explains every component, and most explanations are never read, so an element is made only when it is read.
 * Both lists are immutable (the proposals and their input lists are) and equal to a list of the same elements.
 */
final class PolicyViews {
    private PolicyViews() {
    }

    /** Every input the policies read, policy by policy, as {@link Explanation.Input}s. */
    static List<Explanation.Input> inputs(List<PolicyRunner.Ran> ran) {
        return new Inputs(ran);
    }

    /** Each policy's proposal, as {@link Explanation.PolicyProposal}s. */
    static List<Explanation.PolicyProposal> proposals(List<PolicyRunner.Ran> ran) {
        return new Proposals(ran);
    }

    static boolean isView(List<?> list) {
        return list instanceof Inputs || list instanceof Proposals;
    }

    private static final class Inputs extends AbstractList<Explanation.Input> implements RandomAccess {
        private final List<PolicyRunner.Ran> ran;
        private final int size;

        Inputs(List<PolicyRunner.Ran> ran) {
            this.ran = ran;
            int n = 0;
            for (int i = 0; i < ran.size(); i++) {
                n += ran.get(i).proposal().inputs().size();
            }
            this.size = n;
        }

        @Override
        public Explanation.Input get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + " of " + size + " inputs");
            }
            int i = index;
            for (int r = 0; r < ran.size(); r++) {
                Proposal p = ran.get(r).proposal();
                List<InputUsed> used = p.inputs();
                if (i < used.size()) {
                    InputUsed in = used.get(i);
                    return new Explanation.Input(p.policy(), in.name(), in.value(), in.target(), in.age());
                }
                i -= used.size();
            }
            throw new IllegalStateException("the proposals' inputs changed under the explanation");
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static final class Proposals extends AbstractList<Explanation.PolicyProposal> implements RandomAccess {
        private final List<PolicyRunner.Ran> ran;

        Proposals(List<PolicyRunner.Ran> ran) {
            this.ran = ran;
        }

        @Override
        public Explanation.PolicyProposal get(int index) {
            return Explanation.PolicyProposal.of(ran.get(index).proposal());
        }

        @Override
        public int size() {
            return ran.size();
        }
    }
}
