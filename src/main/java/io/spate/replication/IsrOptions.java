package io.spate.replication;

/**
 * The leader-side replication settings of the node (not of a topic: {@code min.insync.replicas} is a
 * topic setting, read live by {@link PartitionLeadership}).
 *
 * @param replicaLagTimeMaxMs replica.lag.time.max.ms: an ISR follower that has not been caught up to
 *                            the leader's log end for longer than this is dropped from the ISR
 */
public record IsrOptions(long replicaLagTimeMaxMs) {
    /** Kafka's default replica.lag.time.max.ms. */
    public static final long DEFAULT_REPLICA_LAG_TIME_MAX_MS = 30_000;
    /** The defaults. */
    public static final IsrOptions DEFAULTS = new IsrOptions(DEFAULT_REPLICA_LAG_TIME_MAX_MS);

    /** @throws IllegalArgumentException naming the key of a value out of range */
    public IsrOptions {
        if (replicaLagTimeMaxMs <= 0) {
            throw new IllegalArgumentException("replica.lag.time.max.ms must be positive, was " + replicaLagTimeMaxMs);
        }
    }
}
