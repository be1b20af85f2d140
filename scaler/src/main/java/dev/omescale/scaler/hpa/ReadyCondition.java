package dev.omescale.scaler.hpa;

/**
 * The status of a pod's {@code Ready} condition, or {@link #ABSENT} when the pod has none. Unknown is kept apart
 * from False because the HPA's cpu rules test for False only, while its ready-pod count wants True.
 */
public enum ReadyCondition { ABSENT, TRUE, FALSE, UNKNOWN }
