package dev.omescale.scaler.hpa;

/** {@code selectPolicy} of HPA scaling rules: which policy limit wins, or no scaling in that direction. */
public enum SelectPolicy { MAX, MIN, DISABLED }
