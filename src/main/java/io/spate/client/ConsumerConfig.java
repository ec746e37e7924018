package io.spate.client;

import io.spate.client.assignor.PartitionAssignor;
import io.spate.client.assignor.PartitionAssignors;
import java.util.List;
import java.util.Map;

/**
 * Options of {@link SpateConsumer}, with Kafka's key names and defaults. See {@link ClientConfig}
 * for the shared ones.
 */
public final class ConsumerConfig extends ClientConfig<ConsumerConfig> {
    public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String CHECK_CRCS = "check.crcs";
    public static final String DEFAULT_API_TIMEOUT_MS = "default.api.timeout.ms";
    public static final String GROUP_ID = "group.id";
    public static final String GROUP_INSTANCE_ID = "group.instance.id";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";
    public static final String PARTITION_ASSIGNMENT_STRATEGY = "partition.assignment.strategy";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    public static final String ISOLATION_LEVEL = "isolation.level";

    public static final String DEFAULT_CLIENT_ID = "spate-consumer";
    public static final int DEFAULT_FETCH_MIN_BYTES = 1;
    public static final int DEFAULT_FETCH_MAX_WAIT_MS = 500;
    public static final int DEFAULT_FETCH_MAX_BYTES = 50 * 1024 * 1024;
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 1024 * 1024;
    public static final OffsetResetStrategy DEFAULT_AUTO_OFFSET_RESET = OffsetResetStrategy.LATEST;
    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    public static final boolean DEFAULT_CHECK_CRCS = true;
    public static final int DEFAULT_DEFAULT_API_TIMEOUT_MS = 60_000;
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 45_000;
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;
    public static final int DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;
    public static final String DEFAULT_PARTITION_ASSIGNMENT_STRATEGY = PartitionAssignors.DEFAULT_STRATEGY;
    public static final int DEFAULT_AUTO_COMMIT_INTERVAL_MS = 5_000;
    public static final IsolationLevel DEFAULT_ISOLATION_LEVEL = IsolationLevel.READ_UNCOMMITTED;

    /** A fetch is answered once this many bytes are available (or fetch.max.wait.ms passes). */
    private int fetchMinBytes = DEFAULT_FETCH_MIN_BYTES;
    /** How long the node may hold a fetch waiting for fetch.min.bytes. */
    private int fetchMaxWaitMs = DEFAULT_FETCH_MAX_WAIT_MS;
    /** Bytes per fetch response, over all partitions (the first batch is returned whole regardless). */
    private int fetchMaxBytes = DEFAULT_FETCH_MAX_BYTES;
    /** Bytes per partition per fetch (the first batch is returned whole regardless). */
    private int maxPartitionFetchBytes = DEFAULT_MAX_PARTITION_FETCH_BYTES;
    /** Where to start without a valid position. */
    private OffsetResetStrategy autoOffsetReset = DEFAULT_AUTO_OFFSET_RESET;
    /** read_committed: only committed transactions' records, up to the last stable offset. */
    private IsolationLevel isolationLevel = DEFAULT_ISOLATION_LEVEL;
    /** Most records one poll returns (and one delivery round of the ReadStream face). */
    private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
    /** Verify each fetched batch's CRC32C before handing out its records. */
    private boolean checkCrcs = DEFAULT_CHECK_CRCS;
    /** Bound of Future-returning calls that retry internally (offset lookups, position). */
    private int defaultApiTimeoutMs = DEFAULT_DEFAULT_API_TIMEOUT_MS;
    /** The consumer group to join (subscribe) or commit to; null: no group, assign() only. */
    private String groupId;
    /** Static membership (KIP-345): a stable id that survives restarts; null: a dynamic member. */
    private String groupInstanceId;
    /** The coordinator removes a member that sends no heartbeat for this long. */
    private int sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS;
    /** How often a member sends a heartbeat; below session.timeout.ms (a third of it, usually). */
    private int heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
    /** Longest time between polls before the member leaves the group; also the rebalance timeout. */
    private int maxPollIntervalMs = DEFAULT_MAX_POLL_INTERVAL_MS;
    /** Assignors offered in JoinGroup, by preference: names or Kafka class names, comma-separated. */
    private String partitionAssignmentStrategy = DEFAULT_PARTITION_ASSIGNMENT_STRATEGY;
    /** Commit the consumed positions in the background; null: true exactly when group.id is set. */
    private Boolean enableAutoCommit;
    /** Period of the background commit. */
    private int autoCommitIntervalMs = DEFAULT_AUTO_COMMIT_INTERVAL_MS;

    public ConsumerConfig() {
        super(DEFAULT_CLIENT_ID);
    }

    /** Options from Kafka-named keys (unknown keys refused), validated. */
    public static ConsumerConfig fromMap(Map<String, String> map) {
        return new ConsumerConfig().applyAll(map);
    }

    @Override
    protected void apply(String key, String value) {
        switch (key) {
            case FETCH_MIN_BYTES -> setFetchMinBytes(ConfigValues.parseInt(key, value));
            case FETCH_MAX_WAIT_MS -> setFetchMaxWaitMs(ConfigValues.parseInt(key, value));
            case FETCH_MAX_BYTES -> setFetchMaxBytes(ConfigValues.parseInt(key, value));
            case MAX_PARTITION_FETCH_BYTES -> setMaxPartitionFetchBytes(ConfigValues.parseInt(key, value));
            case AUTO_OFFSET_RESET -> setAutoOffsetReset(OffsetResetStrategy.forName(key, value));
            case MAX_POLL_RECORDS -> setMaxPollRecords(ConfigValues.parseInt(key, value));
            case CHECK_CRCS -> setCheckCrcs(ConfigValues.parseBoolean(key, value));
            case DEFAULT_API_TIMEOUT_MS -> setDefaultApiTimeoutMs(ConfigValues.parseInt(key, value));
            case GROUP_ID -> setGroupId(value);
            case GROUP_INSTANCE_ID -> setGroupInstanceId(value);
            case SESSION_TIMEOUT_MS -> setSessionTimeoutMs(ConfigValues.parseInt(key, value));
            case HEARTBEAT_INTERVAL_MS -> setHeartbeatIntervalMs(ConfigValues.parseInt(key, value));
            case MAX_POLL_INTERVAL_MS -> setMaxPollIntervalMs(ConfigValues.parseInt(key, value));
            case PARTITION_ASSIGNMENT_STRATEGY -> setPartitionAssignmentStrategy(value);
            case ENABLE_AUTO_COMMIT -> setEnableAutoCommit(ConfigValues.parseBoolean(key, value));
            case AUTO_COMMIT_INTERVAL_MS -> setAutoCommitIntervalMs(ConfigValues.parseInt(key, value));
            case ISOLATION_LEVEL -> setIsolationLevel(IsolationLevel.forName(key, value));
            default -> super.apply(key, value);
        }
    }

    @Override
    protected void validateSpecific() {
        ConfigValues.checkRange(FETCH_MIN_BYTES, fetchMinBytes, 0, Integer.MAX_VALUE);
        ConfigValues.checkRange(FETCH_MAX_WAIT_MS, fetchMaxWaitMs, 0, Integer.MAX_VALUE);
        ConfigValues.checkRange(FETCH_MAX_BYTES, fetchMaxBytes, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(MAX_PARTITION_FETCH_BYTES, maxPartitionFetchBytes, 1, Integer.MAX_VALUE);
        if (autoOffsetReset == null) {
            throw new IllegalArgumentException(AUTO_OFFSET_RESET + " may not be null");
        }
        if (isolationLevel == null) {
            throw new IllegalArgumentException(ISOLATION_LEVEL + " may not be null");
        }
        ConfigValues.checkRange(MAX_POLL_RECORDS, maxPollRecords, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(DEFAULT_API_TIMEOUT_MS, defaultApiTimeoutMs, 1, Integer.MAX_VALUE);
        validateGroup();
        // a long-poll fetch must be able to finish before the request times out
        if (getRequestTimeoutMs() <= fetchMaxWaitMs) {
            throw new IllegalArgumentException(REQUEST_TIMEOUT_MS + " (" + getRequestTimeoutMs() + ") must exceed "
                    + FETCH_MAX_WAIT_MS + " (" + fetchMaxWaitMs + ")");
        }
    }

    private void validateGroup() {
        if (groupId != null && groupId.isBlank()) {
            throw new IllegalArgumentException(GROUP_ID + " must not be blank (leave it unset for no group)");
        }
        if (groupInstanceId != null && groupInstanceId.isBlank()) {
            throw new IllegalArgumentException(GROUP_INSTANCE_ID + " must not be blank (leave it unset for a dynamic member)");
        }
        if (groupInstanceId != null && groupId == null) {
            throw new IllegalArgumentException(GROUP_INSTANCE_ID + " needs " + GROUP_ID);
        }
        if (Boolean.TRUE.equals(enableAutoCommit) && groupId == null) {
            throw new IllegalArgumentException(ENABLE_AUTO_COMMIT + " = true needs " + GROUP_ID);
        }
        ConfigValues.checkRange(SESSION_TIMEOUT_MS, sessionTimeoutMs, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(HEARTBEAT_INTERVAL_MS, heartbeatIntervalMs, 1, Integer.MAX_VALUE);
        if (heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException(HEARTBEAT_INTERVAL_MS + " (" + heartbeatIntervalMs + ") must be below "
                    + SESSION_TIMEOUT_MS + " (" + sessionTimeoutMs + ")");
        }
        ConfigValues.checkRange(MAX_POLL_INTERVAL_MS, maxPollIntervalMs, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(AUTO_COMMIT_INTERVAL_MS, autoCommitIntervalMs, 1, Integer.MAX_VALUE);
        assignors();
    }

    /** The assignors of partition.assignment.strategy, in order; IllegalArgumentException naming the key. */
    public List<PartitionAssignor> assignors() {
        if (partitionAssignmentStrategy == null) {
            throw new IllegalArgumentException(PARTITION_ASSIGNMENT_STRATEGY + " may not be null");
        }
        try {
            return PartitionAssignors.fromConfig(partitionAssignmentStrategy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PARTITION_ASSIGNMENT_STRATEGY + ": " + e.getMessage(), e);
        }
    }

    public String getGroupId() {
        return groupId;
    }

    public ConsumerConfig setGroupId(String groupId) {
        this.groupId = groupId;
        return this;
    }

    public String getGroupInstanceId() {
        return groupInstanceId;
    }

    public ConsumerConfig setGroupInstanceId(String groupInstanceId) {
        this.groupInstanceId = groupInstanceId;
        return this;
    }

    public int getSessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public ConsumerConfig setSessionTimeoutMs(int sessionTimeoutMs) {
        this.sessionTimeoutMs = sessionTimeoutMs;
        return this;
    }

    public int getHeartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public ConsumerConfig setHeartbeatIntervalMs(int heartbeatIntervalMs) {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    public int getMaxPollIntervalMs() {
        return maxPollIntervalMs;
    }

    public ConsumerConfig setMaxPollIntervalMs(int maxPollIntervalMs) {
        this.maxPollIntervalMs = maxPollIntervalMs;
        return this;
    }

    public String getPartitionAssignmentStrategy() {
        return partitionAssignmentStrategy;
    }

    public ConsumerConfig setPartitionAssignmentStrategy(String partitionAssignmentStrategy) {
        this.partitionAssignmentStrategy = partitionAssignmentStrategy;
        return this;
    }

    /** enable.auto.commit as set, else true exactly when a group.id is set (Kafka's rule). */
    public boolean isEnableAutoCommit() {
        return enableAutoCommit != null ? enableAutoCommit : groupId != null;
    }

    public ConsumerConfig setEnableAutoCommit(boolean enableAutoCommit) {
        this.enableAutoCommit = enableAutoCommit;
        return this;
    }

    public int getAutoCommitIntervalMs() {
        return autoCommitIntervalMs;
    }

    public ConsumerConfig setAutoCommitIntervalMs(int autoCommitIntervalMs) {
        this.autoCommitIntervalMs = autoCommitIntervalMs;
        return this;
    }

    public int getFetchMinBytes() {
        return fetchMinBytes;
    }

    public ConsumerConfig setFetchMinBytes(int fetchMinBytes) {
        this.fetchMinBytes = fetchMinBytes;
        return this;
    }

    public int getFetchMaxWaitMs() {
        return fetchMaxWaitMs;
    }

    public ConsumerConfig setFetchMaxWaitMs(int fetchMaxWaitMs) {
        this.fetchMaxWaitMs = fetchMaxWaitMs;
        return this;
    }

    public int getFetchMaxBytes() {
        return fetchMaxBytes;
    }

    public ConsumerConfig setFetchMaxBytes(int fetchMaxBytes) {
        this.fetchMaxBytes = fetchMaxBytes;
        return this;
    }

    public int getMaxPartitionFetchBytes() {
        return maxPartitionFetchBytes;
    }

    public ConsumerConfig setMaxPartitionFetchBytes(int maxPartitionFetchBytes) {
        this.maxPartitionFetchBytes = maxPartitionFetchBytes;
        return this;
    }

    public IsolationLevel getIsolationLevel() {
        return isolationLevel;
    }

    /**
     * read_uncommitted (the default): every record up to the high watermark, as Kafka's default.
     * read_committed: records up to the last stable offset only, never one of an aborted transaction;
     * the end offsets (and auto.offset.reset=latest) are the last stable offset.
     */
    public ConsumerConfig setIsolationLevel(IsolationLevel isolationLevel) {
        this.isolationLevel = isolationLevel;
        return this;
    }

    public OffsetResetStrategy getAutoOffsetReset() {
        return autoOffsetReset;
    }

    public ConsumerConfig setAutoOffsetReset(OffsetResetStrategy autoOffsetReset) {
        this.autoOffsetReset = autoOffsetReset;
        return this;
    }

    public int getMaxPollRecords() {
        return maxPollRecords;
    }

    public ConsumerConfig setMaxPollRecords(int maxPollRecords) {
        this.maxPollRecords = maxPollRecords;
        return this;
    }

    public boolean isCheckCrcs() {
        return checkCrcs;
    }

    public ConsumerConfig setCheckCrcs(boolean checkCrcs) {
        this.checkCrcs = checkCrcs;
        return this;
    }

    public int getDefaultApiTimeoutMs() {
        return defaultApiTimeoutMs;
    }

    public ConsumerConfig setDefaultApiTimeoutMs(int defaultApiTimeoutMs) {
        this.defaultApiTimeoutMs = defaultApiTimeoutMs;
        return this;
    }
}
