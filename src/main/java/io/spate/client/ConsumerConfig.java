package io.spate.client;

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

    public static final String DEFAULT_CLIENT_ID = "spate-consumer";
    public static final int DEFAULT_FETCH_MIN_BYTES = 1;
    public static final int DEFAULT_FETCH_MAX_WAIT_MS = 500;
    public static final int DEFAULT_FETCH_MAX_BYTES = 50 * 1024 * 1024;
    public static final int DEFAULT_MAX_PARTITION_FETCH_BYTES = 1024 * 1024;
    public static final OffsetResetStrategy DEFAULT_AUTO_OFFSET_RESET = OffsetResetStrategy.LATEST;
    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    public static final boolean DEFAULT_CHECK_CRCS = true;
    public static final int DEFAULT_DEFAULT_API_TIMEOUT_MS = 60_000;

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
    /** Most records one poll returns (and one delivery round of the ReadStream face). */
    private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
    /** Verify each fetched batch's CRC32C before handing out its records. */
    private boolean checkCrcs = DEFAULT_CHECK_CRCS;
    /** Bound of Future-returning calls that retry internally (offset lookups, position). */
    private int defaultApiTimeoutMs = DEFAULT_DEFAULT_API_TIMEOUT_MS;

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
        ConfigValues.checkRange(MAX_POLL_RECORDS, maxPollRecords, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(DEFAULT_API_TIMEOUT_MS, defaultApiTimeoutMs, 1, Integer.MAX_VALUE);
        // a long-poll fetch must be able to finish before the request times out
        if (getRequestTimeoutMs() <= fetchMaxWaitMs) {
            throw new IllegalArgumentException(REQUEST_TIMEOUT_MS + " (" + getRequestTimeoutMs() + ") must exceed "
                    + FETCH_MAX_WAIT_MS + " (" + fetchMaxWaitMs + ")");
        }
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
