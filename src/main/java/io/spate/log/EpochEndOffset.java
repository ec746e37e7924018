package io.spate.log;

/**
 * The answer to "where does my epoch end on the leader?" (Kafka's OffsetsForLeaderEpoch, KIP-101):
 * the largest epoch {@code <=} the one asked for and the offset where it ended (the next epoch's start
 * offset, or the log end offset for the latest epoch). {@link #UNDEFINED} when the leader knows no such
 * epoch.
 */
public record EpochEndOffset(int epoch, long endOffset) {
    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_OFFSET = -1L;
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_OFFSET);
}
