package io.spate.txn;

/**
 * The transaction coordinator's settings, named as Kafka's broker keys. The node maps its
 * configuration onto it; every value is checked here, once, and a bad one is refused naming its key.
 *
 * @param stateLogNumPartitions     transaction.state.log.num.partitions: partitions of
 *                                  {@code __transaction_state} when it is created (an existing topic keeps its count)
 * @param stateLogReplicationFactor transaction.state.log.replication.factor: its replicas, capped at
 *                                  the cluster's size (the topic waits for that many live nodes)
 * @param stateLogSegmentBytes      transaction.state.log.segment.bytes: its segment size
 * @param maxTimeoutMs              transaction.max.timeout.ms: the largest transaction.timeout.ms a producer may ask
 * @param idExpirationMs            transactional.id.expiration.ms: an id without a transaction in
 *                                  progress and not used for this long is removed
 * @param abortCheckIntervalMs      transaction.abort.timed.out.transaction.cleanup.interval.ms: how
 *                                  often timed-out transactions are aborted (and expired ids removed)
 */
public record TxnConfig(int stateLogNumPartitions, int stateLogReplicationFactor, int stateLogSegmentBytes,
                        int maxTimeoutMs, long idExpirationMs, long abortCheckIntervalMs) {
    public static final String STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String STATE_LOG_SEGMENT_BYTES = "transaction.state.log.segment.bytes";
    public static final String MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String ID_EXPIRATION_MS = "transactional.id.expiration.ms";
    public static final String ABORT_CHECK_INTERVAL_MS = "transaction.abort.timed.out.transaction.cleanup.interval.ms";

    public static final int DEFAULT_STATE_LOG_NUM_PARTITIONS = 50;
    public static final int DEFAULT_STATE_LOG_REPLICATION_FACTOR = 3;
    /** Kafka's transaction.state.log.segment.bytes: 100 MiB. */
    public static final int DEFAULT_STATE_LOG_SEGMENT_BYTES = 100 * 1024 * 1024;
    /** Kafka's transaction.max.timeout.ms: 15 minutes. */
    public static final int DEFAULT_MAX_TIMEOUT_MS = 900_000;
    /** Kafka's transactional.id.expiration.ms: 7 days. */
    public static final long DEFAULT_ID_EXPIRATION_MS = 604_800_000L;
    public static final long DEFAULT_ABORT_CHECK_INTERVAL_MS = 10_000;

    public TxnConfig {
        require(stateLogNumPartitions >= 1, STATE_LOG_NUM_PARTITIONS, stateLogNumPartitions, "must be >= 1");
        require(stateLogReplicationFactor >= 1, STATE_LOG_REPLICATION_FACTOR, stateLogReplicationFactor, "must be >= 1");
        require(stateLogSegmentBytes >= 14, STATE_LOG_SEGMENT_BYTES, stateLogSegmentBytes, "must be >= 14");
        require(maxTimeoutMs >= 1, MAX_TIMEOUT_MS, maxTimeoutMs, "must be >= 1");
        require(idExpirationMs >= 1, ID_EXPIRATION_MS, idExpirationMs, "must be >= 1");
        require(abortCheckIntervalMs >= 1, ABORT_CHECK_INTERVAL_MS, abortCheckIntervalMs, "must be >= 1");
    }

    public static TxnConfig defaults() {
        return new TxnConfig(DEFAULT_STATE_LOG_NUM_PARTITIONS, DEFAULT_STATE_LOG_REPLICATION_FACTOR,
                DEFAULT_STATE_LOG_SEGMENT_BYTES, DEFAULT_MAX_TIMEOUT_MS, DEFAULT_ID_EXPIRATION_MS,
                DEFAULT_ABORT_CHECK_INTERVAL_MS);
    }

    private static void require(boolean ok, String key, long value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(key + " = " + value + ": " + rule);
        }
    }
}
