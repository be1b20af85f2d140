/**
 * Evaluating a component's PromQL trigger at one tick: {@link dev.omescale.scaler.promql.PromQlEvaluator} sends the
 * query (after OME's {@code %s} substitution, resolved in the model), applies KEDA's value rules and turns every
 * failure into a {@link dev.omescale.scaler.policy.QueryValue} that names the component, the query, the server and,
 * for an empty result, the likely cause. This is the one place of the decision flow that does I/O; the policies
 * only read the value it produced.
 */
package dev.omescale.scaler.promql;
