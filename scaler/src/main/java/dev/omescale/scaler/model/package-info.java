/**
 * The OME InferenceService model and its effective scaling spec.
 *
 * <p>Flow: {@link dev.omescale.scaler.model.InferenceServiceReader} reads YAML/JSON into an
 * {@link dev.omescale.scaler.model.InferenceService} (typed scaling fields plus the untouched tree);
 * {@link dev.omescale.scaler.model.RuntimeDefaults} reads a (Cluster)ServingRuntime's component configs;
 * {@link dev.omescale.scaler.model.EffectiveSpecResolver} merges both the way OME does and applies webhook defaults,
 * mode rules and annotation precedence, giving a {@link dev.omescale.scaler.model.ResolvedService} with one
 * {@link dev.omescale.scaler.model.EffectiveComponentSpec} per component and every
 * {@link dev.omescale.scaler.model.SpecProblem}. Nothing here talks to Kubernetes.
 */
package dev.omescale.scaler.model;
