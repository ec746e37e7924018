package io.spate.log;

import io.spate.record.RecordBatch;
import io.spate.record.TimestampType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every topic-level setting Kafka keeps in its {@code LogConfig}, under Kafka's key names, with
 * Kafka's defaults. Immutable; validated in one place, the canonical constructor, which throws
 * {@link InvalidConfigException} naming the key of the first bad value.
 *
 * <p>The log interprets the segment, index, timestamp, retention and cleanup settings itself.
 * {@code min.insync.replicas}, {@code unclean.leader.election.enable}, {@code flush.messages} and
 * {@code flush.ms} are carried for the broker: the log never flushes on its own, the broker decides
 * when to call {@link PartitionLog#flush()} (for acks=all it fsyncs before answering, whatever these say).
 *
 * @param segmentBytes         segment.bytes: a segment is rolled before it would grow past this
 * @param segmentMs            segment.ms: a non-empty segment older than this is rolled on the next append
 * @param retentionMs          retention.ms: segments whose newest record is older are deleted; -1 = forever
 * @param retentionBytes       retention.bytes: oldest segments are deleted while the log is larger; -1 = no limit
 * @param maxMessageBytes      max.message.bytes: largest batch the broker accepts
 * @param indexIntervalBytes   index.interval.bytes: bytes appended between two offset-index entries
 * @param segmentIndexBytes    segment.index.bytes: preallocated size of each index file; a full index rolls
 * @param timestampType        message.timestamp.type: CreateTime or LogAppendTime
 * @param cleanupPolicy        cleanup.policy: delete, compact, or both (comma separated)
 * @param deleteRetentionMs    delete.retention.ms: how long compaction keeps tombstones
 * @param fileDeleteDelayMs    file.delete.delay.ms: how long a deleted segment's files linger (as .deleted)
 * @param minInSyncReplicas    min.insync.replicas: ISR size below which acks=all writes are refused
 * @param uncleanLeaderElectionEnable unclean.leader.election.enable: may an out-of-sync replica lead
 * @param flushMessages        flush.messages: fsync after this many messages (Long.MAX_VALUE = never)
 * @param flushMs              flush.ms: fsync when the oldest unflushed message is this old (Long.MAX_VALUE = never)
 */
public record LogConfig(long segmentBytes, long segmentMs, long retentionMs, long retentionBytes,
                        int maxMessageBytes, int indexIntervalBytes, int segmentIndexBytes,
                        TimestampType timestampType, String cleanupPolicy, long deleteRetentionMs,
                        long fileDeleteDelayMs, int minInSyncReplicas, boolean uncleanLeaderElectionEnable,
                        long flushMessages, long flushMs) {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String MIN_IN_SYNC_REPLICAS = "min.insync.replicas";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";

    public static final long DEFAULT_SEGMENT_BYTES = 1L << 30;
    public static final long DEFAULT_SEGMENT_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_RETENTION_BYTES = -1L;
    /** Kafka's default: 1 MiB of records plus the 12-byte log overhead. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    public static final int DEFAULT_SEGMENT_INDEX_BYTES = 10 * 1024 * 1024;
    public static final TimestampType DEFAULT_TIMESTAMP_TYPE = TimestampType.CREATE_TIME;
    public static final String CLEANUP_POLICY_DELETE = "delete";
    public static final String CLEANUP_POLICY_COMPACT = "compact";
    public static final String DEFAULT_CLEANUP_POLICY = CLEANUP_POLICY_DELETE;
    public static final long DEFAULT_DELETE_RETENTION_MS = 24L * 60 * 60 * 1000;
    public static final long DEFAULT_FILE_DELETE_DELAY_MS = 60_000L;
    public static final int DEFAULT_MIN_IN_SYNC_REPLICAS = 1;
    public static final boolean DEFAULT_UNCLEAN_LEADER_ELECTION_ENABLE = false;
    public static final long DEFAULT_FLUSH_MESSAGES = Long.MAX_VALUE;
    public static final long DEFAULT_FLUSH_MS = Long.MAX_VALUE;

    /** Smallest segment.bytes: room for one empty batch header. Positions are int32, hence the maximum. */
    public static final long MIN_SEGMENT_BYTES = RecordBatch.HEADER_SIZE;
    public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE;
    /** Smallest segment.index.bytes Kafka accepts (the file is rounded down to whole entries). */
    public static final int MIN_SEGMENT_INDEX_BYTES = 4;

    private static final Set<String> KEYS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            SEGMENT_BYTES, SEGMENT_MS, RETENTION_MS, RETENTION_BYTES, MAX_MESSAGE_BYTES, INDEX_INTERVAL_BYTES,
            SEGMENT_INDEX_BYTES, MESSAGE_TIMESTAMP_TYPE, CLEANUP_POLICY, DELETE_RETENTION_MS, FILE_DELETE_DELAY_MS,
            MIN_IN_SYNC_REPLICAS, UNCLEAN_LEADER_ELECTION_ENABLE, FLUSH_MESSAGES, FLUSH_MS)));

    /** Validates every field; the cleanup policy is normalised (no blanks, e.g. {@code compact,delete}). */
    public LogConfig {
        atLeast(SEGMENT_BYTES, segmentBytes, MIN_SEGMENT_BYTES);
        atMost(SEGMENT_BYTES, segmentBytes, MAX_SEGMENT_BYTES);
        atLeast(SEGMENT_MS, segmentMs, 1);
        atLeast(RETENTION_MS, retentionMs, -1);
        atLeast(RETENTION_BYTES, retentionBytes, -1);
        atLeast(MAX_MESSAGE_BYTES, maxMessageBytes, 0);
        atLeast(INDEX_INTERVAL_BYTES, indexIntervalBytes, 0);
        atLeast(SEGMENT_INDEX_BYTES, segmentIndexBytes, MIN_SEGMENT_INDEX_BYTES);
        if (timestampType == null) {
            throw InvalidConfigException.badValue(MESSAGE_TIMESTAMP_TYPE, null, "must be CreateTime or LogAppendTime");
        }
        cleanupPolicy = normaliseCleanupPolicy(cleanupPolicy);
        atLeast(DELETE_RETENTION_MS, deleteRetentionMs, 0);
        atLeast(FILE_DELETE_DELAY_MS, fileDeleteDelayMs, 0);
        atLeast(MIN_IN_SYNC_REPLICAS, minInSyncReplicas, 1);
        atLeast(FLUSH_MESSAGES, flushMessages, 1);
        atLeast(FLUSH_MS, flushMs, 0);
    }

    /** Kafka's defaults for every setting. */
    public static LogConfig defaults() {
        return new LogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_MS, DEFAULT_RETENTION_MS, DEFAULT_RETENTION_BYTES,
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_INDEX_INTERVAL_BYTES, DEFAULT_SEGMENT_INDEX_BYTES,
                DEFAULT_TIMESTAMP_TYPE, DEFAULT_CLEANUP_POLICY, DEFAULT_DELETE_RETENTION_MS,
                DEFAULT_FILE_DELETE_DELAY_MS, DEFAULT_MIN_IN_SYNC_REPLICAS, DEFAULT_UNCLEAN_LEADER_ELECTION_ENABLE,
                DEFAULT_FLUSH_MESSAGES, DEFAULT_FLUSH_MS);
    }

    /**
     * {@code base} with {@code overrides} applied. Keys are Kafka's names, values strings as in a topic
     * config (numbers in decimal, surrounding blanks ignored, booleans {@code true}/{@code false}).
     *
     * @throws InvalidConfigException naming the key, for an unknown key or a bad value; nothing is applied
     */
    public static LogConfig from(Map<String, String> overrides, LogConfig base) {
        Map<String, String> merged = base.toMap();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw InvalidConfigException.unknownKey(e.getKey());
            }
            if (e.getValue() == null) {
                throw InvalidConfigException.badValue(e.getKey(), null, "a value is required");
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new LogConfig(
                parseLong(merged, SEGMENT_BYTES), parseLong(merged, SEGMENT_MS), parseLong(merged, RETENTION_MS),
                parseLong(merged, RETENTION_BYTES), parseInt(merged, MAX_MESSAGE_BYTES),
                parseInt(merged, INDEX_INTERVAL_BYTES), parseInt(merged, SEGMENT_INDEX_BYTES),
                parseTimestampType(merged.get(MESSAGE_TIMESTAMP_TYPE)), merged.get(CLEANUP_POLICY),
                parseLong(merged, DELETE_RETENTION_MS), parseLong(merged, FILE_DELETE_DELAY_MS),
                parseInt(merged, MIN_IN_SYNC_REPLICAS), parseBoolean(merged, UNCLEAN_LEADER_ELECTION_ENABLE),
                parseLong(merged, FLUSH_MESSAGES), parseLong(merged, FLUSH_MS));
    }

    /** Every key with its value as a string, in {@link #keys()} order; {@code from(toMap(), x)} gives this back. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SEGMENT_BYTES, Long.toString(segmentBytes));
        m.put(SEGMENT_MS, Long.toString(segmentMs));
        m.put(RETENTION_MS, Long.toString(retentionMs));
        m.put(RETENTION_BYTES, Long.toString(retentionBytes));
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
        m.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
        m.put(MESSAGE_TIMESTAMP_TYPE, timestampType.configName());
        m.put(CLEANUP_POLICY, cleanupPolicy);
        m.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        m.put(FILE_DELETE_DELAY_MS, Long.toString(fileDeleteDelayMs));
        m.put(MIN_IN_SYNC_REPLICAS, Integer.toString(minInSyncReplicas));
        m.put(UNCLEAN_LEADER_ELECTION_ENABLE, Boolean.toString(uncleanLeaderElectionEnable));
        m.put(FLUSH_MESSAGES, Long.toString(flushMessages));
        m.put(FLUSH_MS, Long.toString(flushMs));
        return m;
    }

    /** Every topic config key this class knows, in a stable order. */
    public static Set<String> keys() {
        return KEYS;
    }

    /** Does the cleanup policy include {@code delete} (retention by time and size applies)? */
    public boolean deleteEnabled() {
        return List.of(cleanupPolicy.split(",")).contains(CLEANUP_POLICY_DELETE);
    }

    /** Does the cleanup policy include {@code compact}? */
    public boolean compactEnabled() {
        return List.of(cleanupPolicy.split(",")).contains(CLEANUP_POLICY_COMPACT);
    }

    private static String normaliseCleanupPolicy(String policy) {
        if (policy == null || policy.isBlank()) {
            throw InvalidConfigException.badValue(CLEANUP_POLICY, policy, "must be delete, compact or compact,delete");
        }
        Set<String> parts = new LinkedHashSet<>();
        for (String part : policy.split(",", -1)) {
            String p = part.trim();
            if (!p.equals(CLEANUP_POLICY_DELETE) && !p.equals(CLEANUP_POLICY_COMPACT)) {
                throw InvalidConfigException.badValue(CLEANUP_POLICY, policy, "'" + p + "' is not delete or compact");
            }
            if (!parts.add(p)) {
                throw InvalidConfigException.badValue(CLEANUP_POLICY, policy, "'" + p + "' is listed twice");
            }
        }
        return String.join(",", parts);
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw InvalidConfigException.badValue(key, value, "must be at least " + min);
        }
    }

    private static void atMost(String key, long value, long max) {
        if (value > max) {
            throw InvalidConfigException.badValue(key, value, "must be at most " + max);
        }
    }

    private static long parseLong(Map<String, String> m, String key) {
        try {
            return Long.parseLong(m.get(key).trim());
        } catch (NumberFormatException e) {
            throw InvalidConfigException.badValue(key, m.get(key), "not a 64-bit integer");
        }
    }

    private static int parseInt(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(m.get(key).trim());
        } catch (NumberFormatException e) {
            throw InvalidConfigException.badValue(key, m.get(key), "not a 32-bit integer");
        }
    }

    private static boolean parseBoolean(Map<String, String> m, String key) {
        String v = m.get(key).trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw InvalidConfigException.badValue(key, m.get(key), "must be true or false");
    }

    private static TimestampType parseTimestampType(String value) {
        try {
            return TimestampType.forConfigName(value.trim());
        } catch (IllegalArgumentException e) {
            throw InvalidConfigException.badValue(MESSAGE_TIMESTAMP_TYPE, value, "must be CreateTime or LogAppendTime");
        }
    }
}
