package io.spate.log;

import java.util.ArrayList;
import java.util.List;

/**
 * What one partition knows of one producer id: its epoch, its last {@link #MAX_BATCHES} batches (a ring
 * of primitive arrays, so recording a batch allocates nothing), when it was last updated, and its
 * transaction state here (Kafka's {@code ProducerStateEntry}): the first offset of its open transaction
 * in this partition ({@code currentTxnFirstOffset}, -1 when none is open) and the epoch of the
 * transaction coordinator that wrote its last marker here ({@code coordinatorEpoch}, -1 before any).
 * Confined to the partition's owner thread with its {@link ProducerStateManager}.
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
    private long currentTxnFirstOffset = -1;
    private int coordinatorEpoch = -1;
    /** Timestamp of the newest batch or marker written for the producer (-1 before any). */
    private long lastTimestamp = -1;

    ProducerStateEntry(long producerId, short epoch, long lastUpdateMs) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.lastUpdateMs = lastUpdateMs;
    }

    /**
     * An entry read back from a snapshot: {@code batches} oldest first; {@code lastTimestamp} -1 takes
     * the newest batch's (a version 1 snapshot does not store it).
     */
    static ProducerStateEntry restored(long producerId, short epoch, long lastUpdateMs, List<BatchMetadata> batches,
                                       long currentTxnFirstOffset, int coordinatorEpoch, long lastTimestamp) {
        ProducerStateEntry e = new ProducerStateEntry(producerId, epoch, lastUpdateMs);
        for (BatchMetadata b : batches) {
            e.add(epoch, b.firstSeq(), b.lastSeq(), b.firstOffset(), b.lastOffset(), b.maxTimestamp(), lastUpdateMs);
        }
        e.currentTxnFirstOffset = currentTxnFirstOffset;
        e.coordinatorEpoch = coordinatorEpoch;
        if (lastTimestamp >= 0) {
            e.lastTimestamp = lastTimestamp;
        }
        return e;
    }

    /** The first offset of the producer's open transaction in this partition, or -1 if none is open. */
    public long currentTxnFirstOffset() {
        return currentTxnFirstOffset;
    }

    /** The coordinator epoch of the producer's last transaction marker here, or -1 before any. */
    public int coordinatorEpoch() {
        return coordinatorEpoch;
    }

    /** Timestamp of the producer's newest batch or marker here, or -1. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** The newest batch's last sequence, or -1 if none is remembered. */
    public int lastSequence() {
        return count == 0 ? -1 : lastSeq();
    }

    /** Its transaction in this partition starts at {@code firstOffset}. */
    void beginTxn(long firstOffset) {
        currentTxnFirstOffset = firstOffset;
    }

    /**
     * A marker of {@code markerEpoch} from coordinator epoch {@code coordEpoch}, at {@code timestamp},
     * ends its transaction here: a newer producer epoch forgets the batches of the old one, as a batch
     * of the new epoch would (Kafka's {@code maybeUpdateProducerEpoch}).
     */
    void endTxn(short markerEpoch, int coordEpoch, long timestamp, long nowMs) {
        if (markerEpoch != epoch) {
            epoch = markerEpoch;
            count = 0;
            head = 0;
        }
        currentTxnFirstOffset = -1;
        coordinatorEpoch = coordEpoch;
        lastTimestamp = Math.max(lastTimestamp, timestamp);
        lastUpdateMs = Math.max(lastUpdateMs, nowMs);
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
        lastTimestamp = Math.max(lastTimestamp, timestamp);
        lastUpdateMs = Math.max(lastUpdateMs, nowMs);
    }

    private int slot(int i) {
        return (head + i) % MAX_BATCHES;
    }
}
