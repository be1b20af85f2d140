package dev.omescale.sim.policy;

import dev.omescale.sim.fleet.ModelProfile;

/**
 * One tick as an autoscaler sees it.
 *
 * @param nowSeconds virtual time since the start of the run
 * @param engine     the engine (prefill, or unified when there is no decoder)
 * @param decoder    the decoder, null for a unified engine
 * @param profile    the model/GPU profile: what an operator knows from benchmarking (KV tokens per pod, etc.)
 */
public record ClusterView(double nowSeconds, ComponentView engine, ComponentView decoder, ModelProfile profile) {
}
