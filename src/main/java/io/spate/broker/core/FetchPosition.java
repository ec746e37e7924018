package io.spate.broker.core;

/**
 * Where a fetch reads one partition from, and at most how much; a follower's fetch also names the
 * leader epoch it knows ({@link #UNKNOWN_EPOCH} for consumers and clients that do not say).
 */
public record FetchPosition(long offset, int maxBytes, int leaderEpoch) {
    public static final int UNKNOWN_EPOCH = -1;

    public FetchPosition(long offset, int maxBytes) {
        this(offset, maxBytes, UNKNOWN_EPOCH);
    }
}
