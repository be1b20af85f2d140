package dev.omescale.telemetry.config;

public enum TargetKind { ENGINE, DCGM }
