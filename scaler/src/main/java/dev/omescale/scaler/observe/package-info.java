/**
 * omescale's own metrics about its decisions and writes: instruments registered on a {@code PrometheusRegistry} the
 * caller passes in, fed from each tick's decisions (and, in the controller, from each scale write). Label values
 * are bounded: names of InferenceServices, components, policies, signals and short enum-like codes, never free
 * text or addresses.
 */
package dev.omescale.scaler.observe;
