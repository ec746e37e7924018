package io.spate.replication;

/**
 * How a {@link ReplicaFetcher} fetches (Kafka's replica.fetch.* settings).
 *
 * @param maxWaitMs         replica.fetch.wait.max.ms: how long the leader may hold a fetch for data
 * @param minBytes          replica.fetch.min.bytes: the leader answers once this much is there
 * @param maxBytes          replica.fetch.response.max.bytes: the most bytes of one fetch response
 * @param partitionMaxBytes replica.fetch.max.bytes: the most bytes per partition (the first batch
 *                          comes whole even if larger)
 * @param backoffMs         replica.fetch.backoff.ms: the wait after a failed request or a partition
 *                          error before trying again
 * @param requestTimeoutMs  how long a request may go unanswered (beyond a fetch's max wait)
 */
public record ReplicaFetcherOptions(int maxWaitMs, int minBytes, int maxBytes, int partitionMaxBytes, long backoffMs,
                                    long requestTimeoutMs) {
    public static final int DEFAULT_MAX_WAIT_MS = 500;
    public static final int DEFAULT_MIN_BYTES = 1;
    public static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
    public static final int DEFAULT_PARTITION_MAX_BYTES = 1024 * 1024;
    public static final long DEFAULT_BACKOFF_MS = 1_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    /** Kafka's defaults. */
    public static final ReplicaFetcherOptions DEFAULTS = new ReplicaFetcherOptions(DEFAULT_MAX_WAIT_MS,
            DEFAULT_MIN_BYTES, DEFAULT_MAX_BYTES, DEFAULT_PARTITION_MAX_BYTES, DEFAULT_BACKOFF_MS,
            DEFAULT_REQUEST_TIMEOUT_MS);

    /** @throws IllegalArgumentException naming the setting of a value out of range */
    public ReplicaFetcherOptions {
        if (maxWaitMs < 0) {
            throw new IllegalArgumentException("replica.fetch.wait.max.ms must not be negative, was " + maxWaitMs);
        }
        if (minBytes < 0) {
            throw new IllegalArgumentException("replica.fetch.min.bytes must not be negative, was " + minBytes);
        }
        if (maxBytes <= 0 || partitionMaxBytes <= 0) {
            throw new IllegalArgumentException("replica.fetch.response.max.bytes and replica.fetch.max.bytes must be"
                    + " positive, were " + maxBytes + " and " + partitionMaxBytes);
        }
        if (backoffMs <= 0 || requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("replica.fetch.backoff.ms and the request timeout must be positive, were "
                    + backoffMs + " and " + requestTimeoutMs);
        }
    }

    /** These options with another backoff (tests use short ones). */
    public ReplicaFetcherOptions withBackoffMs(long ms) {
        return new ReplicaFetcherOptions(maxWaitMs, minBytes, maxBytes, partitionMaxBytes, ms, requestTimeoutMs);
    }

    /** These options with another max wait. */
    public ReplicaFetcherOptions withMaxWaitMs(int ms) {
        return new ReplicaFetcherOptions(ms, minBytes, maxBytes, partitionMaxBytes, backoffMs, requestTimeoutMs);
    }
}
