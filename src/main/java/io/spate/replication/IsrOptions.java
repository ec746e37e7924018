package io.spate.replication;

/**
 * The leader-side replication settings of one partition.
 *
 * @param replicaLagTimeMaxMs replica.lag.time.max.ms: an ISR follower that has not been caught up to
 *                            the leader's log end for longer than this is dropped from the ISR
 * @param minInsyncReplicas   min.insync.replicas: an acks=all write needs at least this many ISR members
 */
public record IsrOptions(long replicaLagTimeMaxMs, int minInsyncReplicas) {
    /** Kafka's default replica.lag.time.max.ms. */
    public static final long DEFAULT_REPLICA_LAG_TIME_MAX_MS = 30_000;
    /** Kafka's default min.insync.replicas. */
    public static final int DEFAULT_MIN_INSYNC_REPLICAS = 1;
    /** The defaults. */
    public static final IsrOptions DEFAULTS = new IsrOptions(DEFAULT_REPLICA_LAG_TIME_MAX_MS, DEFAULT_MIN_INSYNC_REPLICAS);

    /** @throws IllegalArgumentException naming the key of a value out of range */
    public IsrOptions {
        if (replicaLagTimeMaxMs <= 0) {
            throw new IllegalArgumentException("replica.lag.time.max.ms must be positive, was " + replicaLagTimeMaxMs);
        }
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be at least 1, was " + minInsyncReplicas);
        }
    }
}
