package dev.omescale.scaler.policy;

import java.time.Duration;

/**
 * One input a policy read, for the explanation: its name (a signal, a query, a pod count), its value (null when
 * missing), the target it was compared with (null when none) and how old it was.
 */
public record InputUsed(String name, Double value, Double target, Duration age) {
}
