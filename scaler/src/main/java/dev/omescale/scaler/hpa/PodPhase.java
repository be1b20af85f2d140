package dev.omescale.scaler.hpa;

/** A pod's {@code status.phase}. */
public enum PodPhase { PENDING, RUNNING, SUCCEEDED, FAILED, UNKNOWN }
