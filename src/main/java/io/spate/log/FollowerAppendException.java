package io.spate.log;

/**
 * {@link PartitionLog#appendAsFollower} refused the bytes a leader sent; nothing of them was written.
 * Says why ({@link #reason()}), the partition, the offset the log expected next and the offset (or
 * payload position, for {@link Reason#NOT_BATCHES} and {@link Reason#CORRUPT}) found instead.
 */
public final class FollowerAppendException extends IllegalArgumentException {
    /** Why the append was refused. */
    public enum Reason {
        /** The bytes are not whole v2 batches. */
        NOT_BATCHES,
        /** A batch's CRC32C does not match its bytes. */
        CORRUPT,
        /** A batch starts above the offset expected next (a hole; allowed only on a compacted log). */
        GAP,
        /** A batch starts below the offset expected next (it would rewrite offsets). */
        OVERLAP,
        /** A batch carries a lower leader epoch than one before it. */
        EPOCH_BACKWARDS
    }

    private final Reason reason;
    private final String partition;
    private final long expected;
    private final long found;

    FollowerAppendException(Reason reason, String partition, long expected, long found, String detail) {
        super("follower append to " + partition + " refused (" + reason + "): " + detail);
        this.reason = reason;
        this.partition = partition;
        this.expected = expected;
        this.found = found;
    }

    public Reason reason() {
        return reason;
    }

    /** {@code <topic>-<partition>}. */
    public String partition() {
        return partition;
    }

    /** The offset the log expected next (its log end offset for the first batch). */
    public long expectedOffset() {
        return expected;
    }

    /** The base offset found, or the payload position for NOT_BATCHES and CORRUPT. */
    public long found() {
        return found;
    }
}
