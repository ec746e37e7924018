package io.spate.log;

import java.util.ArrayList;
import java.util.List;

/**
 * What one partition knows of one producer id: its epoch, its last {@link #MAX_BATCHES} batches (a ring
 * of primitive arrays, so recording a batch allocates nothing) and when it was last updated. Confined to
 * the partition's owner thread with its {@link ProducerStateManager}.
 */
public final class ProducerStateEntry {
    /** Batches remembered per producer: a producer keeps at most 5 in flight per partition (as Kafka). */
    public static final int MAX_BATCHES = 5;

    private final long producerId;
    private short epoch;
    private long lastUpdateMs;
    // the ring: slot (head + i) % MAX_BATCHES holds the i-th oldest of the count batches
    private final int[] firstSeq = new int[MAX_BATCHES];
    private final int[] lastSeq = new int[MAX_BATCHES];
    private final long[] firstOffset = new long[MAX_BATCHES];
    private final long[] lastOffset = new long[MAX_BATCHES];
    private final long[] maxTimestamp = new long[MAX_BATCHES];
    private int head;
    private int count;

    ProducerStateEntry(long producerId, short epoch, long lastUpdateMs) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.lastUpdateMs = lastUpdateMs;
    }

    /** An entry read back from a snapshot: {@code batches} oldest first. */
    static ProducerStateEntry restored(long producerId, short epoch, long lastUpdateMs, List<BatchMetadata> batches) {
        ProducerStateEntry e = new ProducerStateEntry(producerId, epoch, lastUpdateMs);
        for (BatchMetadata b : batches) {
            e.add(epoch, b.firstSeq(), b.lastSeq(), b.firstOffset(), b.lastOffset(), b.maxTimestamp(), lastUpdateMs);
        }
        return e;
    }

    public long producerId() {
        return producerId;
    }

    public short epoch() {
        return epoch;
    }

    /** Broker time of the last batch recorded (for a batch replayed from the log: when it was replayed). */
    public long lastUpdateMs() {
        return lastUpdateMs;
    }

    /** The batches remembered, oldest first (at most {@link #MAX_BATCHES}). */
    public List<BatchMetadata> batches() {
        List<BatchMetadata> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int s = slot(i);
            list.add(new BatchMetadata(firstSeq[s], lastSeq[s], firstOffset[s], lastOffset[s], maxTimestamp[s]));
        }
        return list;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The newest batch's lastSeq; only when not {@link #isEmpty()}. */
    int lastSeq() {
        return lastSeq[slot(count - 1)];
    }

    /** The newest batch's last offset, or -1 if none. */
    long lastOffset() {
        return count == 0 ? -1 : lastOffset[slot(count - 1)];
    }

    /** The remembered batch with exactly this sequence range, or null. */
    BatchMetadata find(int first, int last) {
        for (int i = count - 1; i >= 0; i--) {
            int s = slot(i);
            if (firstSeq[s] == first && lastSeq[s] == last) {
                return new BatchMetadata(firstSeq[s], lastSeq[s], firstOffset[s], lastOffset[s], maxTimestamp[s]);
            }
        }
        return null;
    }

    /**
     * Records a batch written in {@code newEpoch}: a new epoch forgets the batches of the old one (their
     * sequences restart at 0); the oldest batch goes once {@link #MAX_BATCHES} are held.
     */
    void add(short newEpoch, int first, int last, long fromOffset, long toOffset, long timestamp, long nowMs) {
        if (newEpoch != epoch) {
            epoch = newEpoch;
            count = 0;
            head = 0;
        }
        int s;
        if (count < MAX_BATCHES) {
            s = slot(count);
            count++;
        } else {
            s = head;
            head = (head + 1) % MAX_BATCHES;
        }
        firstSeq[s] = first;
        lastSeq[s] = last;
        firstOffset[s] = fromOffset;
        lastOffset[s] = toOffset;
        maxTimestamp[s] = timestamp;
        lastUpdateMs = Math.max(lastUpdateMs, nowMs);
    }

    private int slot(int i) {
        return (head + i) % MAX_BATCHES;
    }
}
