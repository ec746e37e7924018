package io.spate.client.internal.consumer;

import io.spate.protocol.FetchResponse;
import io.spate.record.RecordBatch;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The read_committed filter of one fetched partition (internal), Kafka's algorithm: the Fetch answer
 * lists the aborted transactions (producer id, first offset) that may overlap the records; walking
 * the batches in offset order, a transaction becomes active when a batch reaches its first offset,
 * and from then on that producer's transactional batches are skipped, until its ABORT marker ends
 * it. Control batches are never handed out anyway ({@link FetchedPartition.FetchedBatch#records}).
 *
 * <p>Only made for a read_committed answer that lists aborted transactions ({@link #of} gives null
 * otherwise), so read_uncommitted pays one null check per batch, nothing per record.
 *
 * <p>Threading: confined to the consumer's context.
 */
final class AbortedTransactions {
    private final PriorityQueue<FetchResponse.AbortedTransaction> byFirstOffset;
    /** Producers whose aborted transaction has begun and whose ABORT marker has not come yet. */
    private final Set<Long> activeAborted = new HashSet<>();

    private AbortedTransactions(List<FetchResponse.AbortedTransaction> aborted) {
        byFirstOffset = new PriorityQueue<>(aborted.size(),
                Comparator.comparingLong(FetchResponse.AbortedTransaction::firstOffset));
        byFirstOffset.addAll(aborted);
    }

    /** The filter for a partition's list (null or empty: nothing to filter, null). */
    static AbortedTransactions of(List<FetchResponse.AbortedTransaction> aborted) {
        return aborted == null || aborted.isEmpty() ? null : new AbortedTransactions(aborted);
    }

    /** True when {@code batch}, the next batch in offset order, belongs to an aborted transaction. */
    boolean skip(FetchedPartition.FetchedBatch batch) {
        RecordBatch header = batch.header();
        long producerId = header.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return false;
        }
        while (!byFirstOffset.isEmpty() && byFirstOffset.peek().firstOffset() <= header.lastOffset()) {
            activeAborted.add(byFirstOffset.poll().producerId());
        }
        if (header.isControl()) {
            if (batch.isAbortMarker()) {
                activeAborted.remove(producerId);
            }
            return false; // a marker: it has no records to hand out, it only moves the position
        }
        return header.isTransactional() && activeAborted.contains(producerId);
    }
}
