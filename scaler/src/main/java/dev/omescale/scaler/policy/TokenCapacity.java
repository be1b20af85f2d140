package dev.omescale.scaler.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * What {@link SloPolicy} learned of one target's token throughput: the tokens per second one replica processes when
 * it is saturated, and the recent peak of the arrival token rate.
 *
 * <p>A saturated replica (requests waiting on every ready pod, the ready count steady) processes tokens as fast as
 * it can, so its processed token rate then is a direct reading of its throughput capacity; readings only ever raise
 * the learned figure, since a replica can do at least what it was seen doing. Sizing on the arrival token rate
 * against this capacity does not grow with a backlog the way requests in flight do: a queue that drains before new
 * pods are ready asks for no new pods.
 *
 * @param perReplica     tokens per second one saturated replica processed at most; 0 before any saturated reading
 * @param learnedAt      when {@code perReplica} was last raised, null before
 * @param peakRate       the highest arrival token rate seen, decayed to {@code peakAt}
 * @param peakAt         when {@code peakRate} was last updated, null before the first reading
 */
public record TokenCapacity(double perReplica, Instant learnedAt, double peakRate, Instant peakAt) {
    public static final TokenCapacity EMPTY = new TokenCapacity(0, null, 0, null);

    public boolean known() {
        return perReplica > 0;
    }

    /** The remembered peak arrival rate decayed to {@code now}: it halves every {@code memory}. */
    public double peakAt(Instant now, Duration memory) {
        if (peakAt == null || memory.isZero()) {
            return 0;
        }
        long age = Math.max(0, now.toEpochMilli() - peakAt.toEpochMilli());
        return peakRate * Math.pow(0.5, age / (double) memory.toMillis());
    }

    /** With a saturated reading of {@code perReplicaRate} learned, when it is higher than what is known. */
    TokenCapacity withSaturatedReading(double perReplicaRate, Instant at) {
        return perReplicaRate > perReplica ? new TokenCapacity(perReplicaRate, at, peakRate, peakAt) : this;
    }

    TokenCapacity withPeak(double rate, Instant at) {
        return new TokenCapacity(perReplica, learnedAt, rate, at);
    }
}
