/**
 * The reconcile loop: watches InferenceServices and their workloads with fabric8 informers, runs the decision engine
 * per InferenceService on a steady tick (and when something changes), and hands each decision to the realizer.
 * Kubernetes-facing code stays thin; what to scale and why lives in {@code model} and {@code decision}.
 *
 * <p>Flow per InferenceService: {@link dev.omescale.scaler.controller.ClusterWatch} (cached objects) →
 * {@link dev.omescale.scaler.controller.WorkloadResolver} (what can be scaled, and how) →
 * {@link dev.omescale.scaler.controller.ComponentSignalsSource} (signals for the tick) → decision engine →
 * {@link dev.omescale.scaler.controller.realize.Realizer} (write or refuse, with an Event) →
 * {@link dev.omescale.scaler.controller.DecisionBoard} (what {@code omescale explain} shows).
 */
package dev.omescale.scaler.controller;
