package io.spate.log;

import io.spate.log.ProducerBatchRefusedException.Reason;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One partition's producer state for the idempotent producer: for every producer id the epoch and the
 * last {@link ProducerStateEntry#MAX_BATCHES} batches (Kafka's {@code ProducerStateManager}, 2.5+ rules).
 *
 * <p>The rules {@link #checkAppend} applies to a leader's batch of producer {@code p}, epoch {@code e},
 * sequences {@code first..last}:
 * <ul>
 * <li>no state for {@code p} (new, or expired): accepted at any sequence;</li>
 * <li>{@code e} below the stored epoch: INVALID_PRODUCER_EPOCH;</li>
 * <li>{@code e} above the stored epoch: accepted only at sequence 0, else OUT_OF_ORDER_SEQUENCE (the
 *     producer bumped its epoch and restarts at 0, KIP-360);</li>
 * <li>same epoch, {@code (first, last)} equal to one of the remembered batches: a duplicate, returned so
 *     the caller answers with its offsets and writes nothing;</li>
 * <li>same epoch otherwise: {@code first} must be the last stored lastSeq + 1 (wrapping from
 *     {@link Integer#MAX_VALUE} to 0), else OUT_OF_ORDER_SEQUENCE.</li>
 * </ul>
 * Then the transaction rules (Kafka's {@code ProducerAppendInfo}): a transactional batch of a producer
 * with no open transaction here opens one at its first offset; a non-transactional batch of a producer
 * whose transaction is open here is refused INVALID_TXN_STATE. A transaction marker
 * ({@link #checkMarker}, {@link #completeTxn}) is refused INVALID_PRODUCER_EPOCH below the producer's
 * epoch and TRANSACTION_COORDINATOR_FENCED below the coordinator epoch of its last marker here; it ends
 * the open transaction (a marker with none open is still written, as Kafka's).
 *
 * <p>A check changes nothing: the caller {@link #update records} the batch only once it is written, so a
 * failed write leaves the state as it was. Followers and recovery record batches without checks.
 *
 * <p>The open transactions are also kept ordered by first offset ({@code ongoing}), so the first
 * unstable offset, which bounds the last stable offset, is the first key: no scan of producers.
 *
 * <p>Confined to the partition's owner thread, like {@link PartitionLog}.
 */
public final class ProducerStateManager {
    private final String partition;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    /** First offset of each open transaction → its producer id. */
    private final TreeMap<Long, Long> ongoing = new TreeMap<>();

    /**
     * A transaction a marker ended: {@code firstOffset} is the marker's own offset when none was open
     * (Kafka's {@code CompletedTxn}).
     */
    record CompletedTxn(long producerId, long firstOffset, long lastOffset, boolean aborted) {
    }

    public ProducerStateManager(String partition) {
        this.partition = partition;
    }

    /**
     * Checks a leader's batch against the state (see the class comment).
     *
     * @return the remembered batch this one duplicates, or null if it may be appended
     * @throws ProducerBatchRefusedException if the rules refuse it
     */
    public BatchMetadata checkAppend(long producerId, short epoch, int firstSeq, int lastSeq) {
        return checkAppend(producerId, epoch, firstSeq, lastSeq, false);
    }

    /** As {@link #checkAppend(long, short, int, int)} for a batch that is {@code transactional} or not. */
    public BatchMetadata checkAppend(long producerId, short epoch, int firstSeq, int lastSeq, boolean transactional) {
        return checkAppend(producerId, epoch, firstSeq, lastSeq, transactional, true);
    }

    /**
     * As {@link #checkAppend(long, short, int, int, boolean)}; without {@code checkSequence} (a
     * coordinator's batch, {@link AppendOrigin#COORDINATOR}) only the epoch and the transaction state
     * are checked, and nothing is a duplicate.
     */
    public BatchMetadata checkAppend(long producerId, short epoch, int firstSeq, int lastSeq, boolean transactional,
                                     boolean checkSequence) {
        ProducerStateEntry e = producers.get(producerId);
        if (e == null) {
            return null;
        }
        BatchMetadata duplicate = checkSequence ? checkSequence(e, producerId, epoch, firstSeq, lastSeq)
                : checkEpoch(e, producerId, epoch, firstSeq, lastSeq);
        if (duplicate == null && !transactional && e.currentTxnFirstOffset() >= 0) {
            throw new ProducerBatchRefusedException(Reason.INVALID_TXN_STATE, partition, producerId, epoch,
                    "a non-transactional batch while the producer's transaction is open here (since offset "
                            + e.currentTxnFirstOffset() + ")");
        }
        return duplicate;
    }

    /** Refuses an epoch below the producer's; returns null (no duplicate). */
    private BatchMetadata checkEpoch(ProducerStateEntry e, long producerId, short epoch, int firstSeq, int lastSeq) {
        if (epoch < e.epoch()) {
            throw new ProducerBatchRefusedException(Reason.INVALID_PRODUCER_EPOCH, partition, producerId, epoch,
                    "epoch " + epoch + " is below the partition's epoch " + e.epoch() + " for this producer (sequences "
                            + firstSeq + ".." + lastSeq + ")");
        }
        return null;
    }

    private BatchMetadata checkSequence(ProducerStateEntry e, long producerId, short epoch, int firstSeq, int lastSeq) {
        checkEpoch(e, producerId, epoch, firstSeq, lastSeq);
        if (epoch > e.epoch()) {
            if (firstSeq != 0) {
                throw new ProducerBatchRefusedException(Reason.OUT_OF_ORDER_SEQUENCE, partition, producerId, epoch,
                        "the first batch of new epoch " + epoch + " (the partition knows epoch " + e.epoch()
                                + ") must start at sequence 0, not " + firstSeq);
            }
            return null;
        }
        if (e.isEmpty()) {
            return null;
        }
        BatchMetadata duplicate = e.find(firstSeq, lastSeq);
        if (duplicate != null) {
            return duplicate;
        }
        int expected = nextSequence(e.lastSeq());
        if (firstSeq != expected) {
            throw new ProducerBatchRefusedException(Reason.OUT_OF_ORDER_SEQUENCE, partition, producerId, epoch,
                    "sequences " + firstSeq + ".." + lastSeq + " do not follow the last written sequence "
                            + e.lastSeq() + " (expected " + expected + ")");
        }
        return null;
    }

    /** Records a written non-transactional batch. */
    public void update(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                       long maxTimestamp, long nowMs) {
        update(producerId, epoch, firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp, nowMs, false);
    }

    /**
     * Records a written batch (no checks: a leader checked it first, a follower copies its leader); a
     * {@code transactional} one opens the producer's transaction here if none is open.
     */
    public void update(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                       long maxTimestamp, long nowMs, boolean transactional) {
        ProducerStateEntry e = entryFor(producerId, epoch, nowMs);
        e.add(epoch, firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp, nowMs);
        if (transactional && e.currentTxnFirstOffset() < 0) {
            e.beginTxn(firstOffset);
            ongoing.put(firstOffset, producerId);
        }
    }

    private ProducerStateEntry entryFor(long producerId, short epoch, long nowMs) {
        ProducerStateEntry e = producers.get(producerId);
        if (e == null) {
            e = new ProducerStateEntry(producerId, epoch, nowMs);
            producers.put(producerId, e);
        }
        return e;
    }

    /**
     * Checks a leader's transaction marker of {@code producerId} at {@code epoch} from coordinator epoch
     * {@code coordinatorEpoch} (see the class comment); changes nothing.
     *
     * @throws ProducerBatchRefusedException INVALID_PRODUCER_EPOCH or TRANSACTION_COORDINATOR_FENCED
     */
    public void checkMarker(long producerId, short epoch, int coordinatorEpoch) {
        ProducerStateEntry e = producers.get(producerId);
        if (e == null) {
            return;
        }
        if (epoch < e.epoch()) {
            throw new ProducerBatchRefusedException(Reason.INVALID_PRODUCER_EPOCH, partition, producerId, epoch,
                    "a transaction marker of epoch " + epoch + " is below the partition's epoch " + e.epoch()
                            + " for this producer");
        }
        if (coordinatorEpoch < e.coordinatorEpoch()) {
            throw new ProducerBatchRefusedException(Reason.TRANSACTION_COORDINATOR_FENCED, partition, producerId, epoch,
                    "a transaction marker of coordinator epoch " + coordinatorEpoch + " is below the coordinator epoch "
                            + e.coordinatorEpoch() + " of the producer's last marker here");
        }
    }

    /**
     * Records a written transaction marker at {@code markerOffset} (no checks: see {@link #checkMarker}):
     * the producer's open transaction here, if any, ends.
     */
    CompletedTxn completeTxn(long producerId, short epoch, boolean commit, int coordinatorEpoch, long markerOffset,
                             long timestamp, long nowMs) {
        ProducerStateEntry e = entryFor(producerId, epoch, nowMs);
        long first = e.currentTxnFirstOffset();
        if (first >= 0) {
            ongoing.remove(first);
        }
        e.endTxn(epoch, coordinatorEpoch, timestamp, nowMs);
        return new CompletedTxn(producerId, first >= 0 ? first : markerOffset, markerOffset, !commit);
    }

    /** The first offset of the oldest open transaction, or -1 if none is open. */
    public long firstUnstableOffset() {
        return ongoing.isEmpty() ? -1 : ongoing.firstKey();
    }

    /**
     * The last stable offset just after {@code done} completed (Kafka's {@code lastStableOffset(completedTxn)}),
     * kept in its aborted-transaction index entry: the oldest transaction still open, else the offset after the
     * marker.
     */
    long lastStableOffsetAfter(CompletedTxn done) {
        return ongoing.isEmpty() ? done.lastOffset() + 1 : Math.min(ongoing.firstKey(), done.lastOffset() + 1);
    }

    /** How many transactions are open in this partition. */
    public int ongoingTxnCount() {
        return ongoing.size();
    }

    /** Replaces the whole state with {@code other}'s (a reload after truncation keeps this instance). */
    void replaceWith(ProducerStateManager other) {
        producers.clear();
        producers.putAll(other.producers);
        ongoing.clear();
        ongoing.putAll(other.ongoing);
    }

    /** Puts an entry read from a snapshot. */
    void restore(ProducerStateEntry entry) {
        producers.put(entry.producerId(), entry);
        if (entry.currentTxnFirstOffset() >= 0) {
            ongoing.put(entry.currentTxnFirstOffset(), entry.producerId());
        }
    }

    /**
     * Forgets producers not updated for {@code expirationMs} ({@code producer.id.expiration.ms}): their
     * next batch is taken at any sequence, as a new producer's. A producer whose transaction is open here
     * stays (as Kafka's): its marker must still find it.
     *
     * @return the number forgotten
     */
    public int removeExpired(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> e.currentTxnFirstOffset() < 0 && nowMs - e.lastUpdateMs() >= expirationMs);
        return before - producers.size();
    }

    /** The state of one producer id, or null. */
    public ProducerStateEntry entry(long producerId) {
        return producers.get(producerId);
    }

    public Collection<ProducerStateEntry> entries() {
        return Collections.unmodifiableCollection(producers.values());
    }

    public int size() {
        return producers.size();
    }

    /** Producer id → the last offset of its newest batch: the batches compaction must keep. */
    Map<Long, Long> lastBatchOffsets() {
        Map<Long, Long> m = new HashMap<>(producers.size() * 2);
        for (ProducerStateEntry e : producers.values()) {
            if (!e.isEmpty()) {
                m.put(e.producerId(), e.lastOffset());
            }
        }
        return m;
    }

    /** {@code lastSeq} of a batch starting at {@code baseSequence} over {@code lastOffsetDelta} + 1 records. */
    public static int lastSequence(int baseSequence, int lastOffsetDelta) {
        long last = (long) baseSequence + lastOffsetDelta;
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    /** The sequence after {@code seq}: wraps from {@link Integer#MAX_VALUE} to 0. */
    static int nextSequence(int seq) {
        return seq == Integer.MAX_VALUE ? 0 : seq + 1;
    }
}
