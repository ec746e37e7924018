package io.spate.log;

import io.spate.log.ProducerBatchRefusedException.Reason;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

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
 * A check changes nothing: the caller {@link #update records} the batch only once it is written, so a
 * failed write leaves the state as it was. Followers and recovery record batches without checks.
 *
 * <p>Confined to the partition's owner thread, like {@link PartitionLog}.
 */
public final class ProducerStateManager {
    private final String partition;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();

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
        ProducerStateEntry e = producers.get(producerId);
        if (e == null) {
            return null;
        }
        if (epoch < e.epoch()) {
            throw new ProducerBatchRefusedException(Reason.INVALID_PRODUCER_EPOCH, partition, producerId, epoch,
                    "epoch " + epoch + " is below the partition's epoch " + e.epoch() + " for this producer (sequences "
                            + firstSeq + ".." + lastSeq + ")");
        }
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

    /** Records a written batch (no checks: a leader checked it first, a follower copies its leader). */
    public void update(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                       long maxTimestamp, long nowMs) {
        ProducerStateEntry e = producers.get(producerId);
        if (e == null) {
            e = new ProducerStateEntry(producerId, epoch, nowMs);
            producers.put(producerId, e);
        }
        e.add(epoch, firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp, nowMs);
    }

    /** Replaces the whole state with {@code other}'s (a reload after truncation keeps this instance). */
    void replaceWith(ProducerStateManager other) {
        producers.clear();
        producers.putAll(other.producers);
    }

    /** Puts an entry read from a snapshot. */
    void restore(ProducerStateEntry entry) {
        producers.put(entry.producerId(), entry);
    }

    /**
     * Forgets producers not updated for {@code expirationMs} ({@code producer.id.expiration.ms}): their
     * next batch is taken at any sequence, as a new producer's.
     *
     * @return the number forgotten
     */
    public int removeExpired(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> nowMs - e.lastUpdateMs() >= expirationMs);
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
