/**
 * The decision engine: a pure function from one tick's inputs and the history to a decision per component, each
 * with an {@link dev.omescale.scaler.decision.Explanation} users can read.
 *
 * <p>Flow, one class per step: {@link dev.omescale.scaler.decision.DecisionEngine#decide} takes a
 * {@link dev.omescale.scaler.decision.ServiceInputs} and a {@link dev.omescale.scaler.decision.ServiceHistory};
 * per component, {@code PolicyRunner} lets each configured policy of the
 * {@link dev.omescale.scaler.decision.PolicySet} propose (gathering the inputs they read, with their ages),
 * {@code ProposalCombiner} takes the highest proposal the HPA's way, {@code HpaNormalizer} runs
 * {@link dev.omescale.scaler.hpa.HpaAlgorithm#normalize} (stabilization, rate limits, [min, max]) with
 * {@code omescale.dev/behavior} or OME's {@code behavior: {}}, and {@code ScaleToZeroStep} applies
 * {@code omescale.dev/scale-to-zero} with {@code ActivityCheck}'s KEDA-style evidence. Then {@code PairCoordinator}
 * keeps engine and decoder within {@code omescale.dev/decoder-ratio}, and {@code LeverCheck} marks components
 * omescale cannot write as {@link dev.omescale.scaler.decision.Outcome#NOT_SCALABLE} (still decided: the metrics
 * adapter and the KEDA scaler serve the count).
 *
 * <p>Rules that hold across the steps:
 * <ul>
 *   <li>Missing or stale data never scales down: a policy without a proposal holds the count unless the others
 *       scale up; at zero it keeps 0; above zero it stops the idle timer. The one exception is a count above
 *       maxReplicas, which the spec (not the data) lowers, as the HPA does.</li>
 *   <li>The ratio step runs after each component's rate limits and clamp. It stays within each side's [min, max]
 *       but may move a side further than that side's rate limit allows (the ratio is a constraint, the limits are
 *       pacing), and its explanation says so. It never lowers a side that holds on missing data.</li>
 *   <li>Waking from zero and going to zero bypass stabilization and rate limits, and are not recorded as scale
 *       events. Every other rescale is recorded as if it succeeded; when the write fails, the realizer calls
 *       {@link dev.omescale.scaler.decision.ServiceHistory#rescaleFailed}.</li>
 *   <li>No clock, no I/O, no mutable state: the same inputs and history give the same decision and next history.</li>
 * </ul>
 */
package dev.omescale.scaler.decision;
