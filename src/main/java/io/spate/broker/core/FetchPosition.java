package io.spate.broker.core;

/**
 * Where a fetch reads one partition from, and at most how much; a follower's fetch also names the
 * leader epoch it knows ({@link #UNKNOWN_EPOCH} for consumers and clients that do not say) and its
 * own log start offset ({@link #UNKNOWN_LOG_START} for consumers and followers that do not say).
 */
public record FetchPosition(long offset, int maxBytes, int leaderEpoch, long logStartOffset) {
    public static final int UNKNOWN_EPOCH = -1;
    public static final long UNKNOWN_LOG_START = -1L;

    public FetchPosition(long offset, int maxBytes) {
        this(offset, maxBytes, UNKNOWN_EPOCH);
    }

    public FetchPosition(long offset, int maxBytes, int leaderEpoch) {
        this(offset, maxBytes, leaderEpoch, UNKNOWN_LOG_START);
    }
}
