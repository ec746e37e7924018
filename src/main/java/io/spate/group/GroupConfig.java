package io.spate.group;

/**
 * The group coordinator's settings, named as Kafka's broker keys. The lead maps node configuration
 * onto it; every value is checked here, once, and a bad one is refused naming its key.
 *
 * @param offsetsTopicNumPartitions       offsets.topic.num.partitions: partitions of the internal
 *                                        offsets topic (the log decides the real count, see
 *                                        {@link CoordinatorLog#partitionCount()})
 * @param initialRebalanceDelayMs         group.initial.rebalance.delay.ms: how long the first join
 *                                        of an Empty group waits for more members (0 = no wait)
 * @param minSessionTimeoutMs             group.min.session.timeout.ms: smallest session timeout a member may ask
 * @param maxSessionTimeoutMs             group.max.session.timeout.ms: largest session timeout a member may ask
 * @param maxSize                         group.max.size: members a group may hold
 * @param offsetsRetentionMinutes         offsets.retention.minutes: how long the offsets of an
 *                                        Empty group (or of standalone commits) are kept
 * @param offsetsRetentionCheckIntervalMs offsets.retention.check.interval.ms: how often the lead
 *                                        calls {@link GroupCoordinator#expireOffsets(long)}
 * @param offsetMetadataMaxBytes          offset.metadata.max.bytes: longest metadata string of a commit
 */
public record GroupConfig(int offsetsTopicNumPartitions,
                          int initialRebalanceDelayMs,
                          int minSessionTimeoutMs,
                          int maxSessionTimeoutMs,
                          int maxSize,
                          long offsetsRetentionMinutes,
                          long offsetsRetentionCheckIntervalMs,
                          int offsetMetadataMaxBytes) {
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String MAX_SIZE = "group.max.size";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";

    public static final int DEFAULT_OFFSETS_TOPIC_NUM_PARTITIONS = 50;
    public static final int DEFAULT_INITIAL_REBALANCE_DELAY_MS = 3000;
    public static final int DEFAULT_MIN_SESSION_TIMEOUT_MS = 6000;
    public static final int DEFAULT_MAX_SESSION_TIMEOUT_MS = 1_800_000;
    public static final int DEFAULT_MAX_SIZE = Integer.MAX_VALUE;
    /** Seven days, as Kafka since 2.0 (KIP-186). */
    public static final long DEFAULT_OFFSETS_RETENTION_MINUTES = 10_080;
    public static final long DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS = 600_000;
    public static final int DEFAULT_OFFSET_METADATA_MAX_BYTES = 4096;

    public GroupConfig {
        require(offsetsTopicNumPartitions >= 1, OFFSETS_TOPIC_NUM_PARTITIONS, offsetsTopicNumPartitions, "must be >= 1");
        require(initialRebalanceDelayMs >= 0, INITIAL_REBALANCE_DELAY_MS, initialRebalanceDelayMs, "must be >= 0");
        require(minSessionTimeoutMs >= 1, MIN_SESSION_TIMEOUT_MS, minSessionTimeoutMs, "must be >= 1");
        require(maxSessionTimeoutMs >= minSessionTimeoutMs, MAX_SESSION_TIMEOUT_MS, maxSessionTimeoutMs,
                "must be >= " + MIN_SESSION_TIMEOUT_MS + " (" + minSessionTimeoutMs + ")");
        require(maxSize >= 1, MAX_SIZE, maxSize, "must be >= 1");
        require(offsetsRetentionMinutes >= 1 && offsetsRetentionMinutes <= Long.MAX_VALUE / 60_000,
                OFFSETS_RETENTION_MINUTES, offsetsRetentionMinutes, "must be >= 1 and fit in milliseconds");
        require(offsetsRetentionCheckIntervalMs >= 1, OFFSETS_RETENTION_CHECK_INTERVAL_MS,
                offsetsRetentionCheckIntervalMs, "must be >= 1");
        require(offsetMetadataMaxBytes >= 0, OFFSET_METADATA_MAX_BYTES, offsetMetadataMaxBytes, "must be >= 0");
    }

    /** Every setting at its default. */
    public static GroupConfig defaults() {
        return new GroupConfig(DEFAULT_OFFSETS_TOPIC_NUM_PARTITIONS, DEFAULT_INITIAL_REBALANCE_DELAY_MS,
                DEFAULT_MIN_SESSION_TIMEOUT_MS, DEFAULT_MAX_SESSION_TIMEOUT_MS, DEFAULT_MAX_SIZE,
                DEFAULT_OFFSETS_RETENTION_MINUTES, DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS,
                DEFAULT_OFFSET_METADATA_MAX_BYTES);
    }

    /** offsets.retention.minutes in milliseconds. */
    public long offsetsRetentionMs() {
        return offsetsRetentionMinutes * 60_000L;
    }

    public GroupConfig withInitialRebalanceDelayMs(int ms) {
        return new GroupConfig(offsetsTopicNumPartitions, ms, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                offsetsRetentionMinutes, offsetsRetentionCheckIntervalMs, offsetMetadataMaxBytes);
    }

    public GroupConfig withMaxSize(int size) {
        return new GroupConfig(offsetsTopicNumPartitions, initialRebalanceDelayMs, minSessionTimeoutMs,
                maxSessionTimeoutMs, size, offsetsRetentionMinutes, offsetsRetentionCheckIntervalMs,
                offsetMetadataMaxBytes);
    }

    private static void require(boolean ok, String key, long value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(key + " = " + value + ": " + rule);
        }
    }
}
