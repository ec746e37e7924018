package io.spate.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Leader epoch → the first offset written in that epoch, for one partition (Kafka's
 * {@code LeaderEpochFileCache}). A follower asks the leader where its latest epoch ended and truncates
 * there (KIP-101) instead of to its high watermark.
 *
 * <p>Invariant: epochs and start offsets both strictly increase. {@link #assign} keeps it by dropping
 * the entries a new one contradicts, as Kafka does. The cache is derivable from the log (every batch
 * carries its partitionLeaderEpoch): recovery re-assigns epochs from the batches it scans, and
 * {@link PartitionLog#checkpoint()} persists it to {@code leader-epoch-checkpoint}.
 *
 * <p>Thread-safe (synchronized): the owner thread changes it, a checkpointing worker may read it.
 */
public final class LeaderEpochCache {
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>();
    private final LongSupplier logEndOffset;

    /** An empty cache; {@code logEndOffset} gives the log end offset for the latest epoch's end. */
    public LeaderEpochCache(LongSupplier logEndOffset) {
        this.logEndOffset = logEndOffset;
    }

    /** A cache holding {@code entries} (as read from a checkpoint), assigned in order. */
    public LeaderEpochCache(LongSupplier logEndOffset, List<EpochEntry> entries) {
        this(logEndOffset);
        for (EpochEntry e : entries) {
            assign(e.epoch(), e.startOffset());
        }
    }

    /**
     * Records that {@code epoch} started at {@code startOffset}. Nothing happens if that epoch is already
     * the latest with a start offset at or below this one. Otherwise every entry with an epoch
     * {@code >= epoch} or a start offset {@code >= startOffset} is dropped first.
     *
     * @return whether the cache changed
     * @throws IllegalArgumentException for a negative epoch or offset
     */
    public synchronized boolean assign(int epoch, long startOffset) {
        if (epoch < 0 || startOffset < 0) {
            throw new IllegalArgumentException("cannot assign epoch " + epoch + " at offset " + startOffset);
        }
        Map.Entry<Integer, EpochEntry> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue().startOffset() <= startOffset) {
            return false;
        }
        epochs.values().removeIf(e -> e.epoch() >= epoch || e.startOffset() >= startOffset);
        epochs.put(epoch, new EpochEntry(epoch, startOffset));
        return true;
    }

    /** The latest epoch, or {@link EpochEndOffset#UNDEFINED_EPOCH} if empty. */
    public synchronized int latestEpoch() {
        return epochs.isEmpty() ? EpochEndOffset.UNDEFINED_EPOCH : epochs.lastKey();
    }

    /** The epoch the record at {@code offset} was written in, or UNDEFINED_EPOCH if before every entry. */
    public synchronized int epochForOffset(long offset) {
        int found = EpochEndOffset.UNDEFINED_EPOCH;
        for (EpochEntry e : epochs.values()) {
            if (e.startOffset() > offset) {
                break;
            }
            found = e.epoch();
        }
        return found;
    }

    /**
     * Where {@code requestedEpoch} ended, as Kafka answers OffsetsForLeaderEpoch: for the latest epoch,
     * the log end offset; for an older one, the start offset of the next epoch above it, paired with the
     * largest known epoch {@code <=} it (or the requested epoch itself if it is below every entry);
     * {@link EpochEndOffset#UNDEFINED} for an undefined or a future epoch.
     */
    public synchronized EpochEndOffset endOffsetFor(int requestedEpoch) {
        if (requestedEpoch == EpochEndOffset.UNDEFINED_EPOCH || epochs.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == epochs.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset.getAsLong());
        }
        Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
        int epoch = floor == null ? requestedEpoch : floor.getKey();
        return new EpochEndOffset(epoch, higher.getValue().startOffset());
    }

    /** Drops every entry starting at or after {@code endOffset} (the log was truncated there). */
    public synchronized void truncateFromEnd(long endOffset) {
        epochs.values().removeIf(e -> e.startOffset() >= endOffset);
    }

    /**
     * The log now starts at {@code startOffset}: entries wholly before it are dropped, and the one that
     * covers it is moved to start there.
     */
    public synchronized void truncateFromStart(long startOffset) {
        EpochEntry covering = null;
        for (EpochEntry e : new ArrayList<>(epochs.values())) {
            if (e.startOffset() <= startOffset) {
                epochs.remove(e.epoch());
                covering = e;
            }
        }
        if (covering != null) {
            epochs.put(covering.epoch(), new EpochEntry(covering.epoch(), startOffset));
        }
    }

    /** Removes every entry. */
    public synchronized void clear() {
        epochs.clear();
    }

    /** A snapshot of the entries, in epoch order. */
    public synchronized List<EpochEntry> entries() {
        return List.copyOf(epochs.values());
    }
}
