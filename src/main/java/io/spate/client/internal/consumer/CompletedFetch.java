package io.spate.client.internal.consumer;

import io.spate.client.ConsumerRecord;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import java.util.List;

/**
 * The fetched, not yet consumed records of one partition (internal), read one at a time. Records
 * below the partition's position (the first batch may start before it) are skipped, and control
 * batches only move the position (in both isolation levels). With read_committed, the batches of
 * aborted transactions are skipped whole ({@link AbortedTransactions}), moving the position past
 * them. Each batch's records are decoded when the first of them is asked
 * for. When the last record is taken the position moves to the end of the last batch; a corruption
 * (a CRC found bad on receipt, or records that do not decode) is raised after the good records
 * before it.
 *
 * <p>Threading: confined to the consumer's context.
 */
final class CompletedFetch {
    final TopicPartition tp;
    /** The partition's state when the response came; handed-out records move its position. */
    final PartitionFetchState state;
    final int generation;
    private final List<FetchedPartition.FetchedBatch> batches;
    /** Raised once the records are used up: a batch that failed its CRC, or one whose records did not decode. */
    private SpateException endError;
    /** Null unless read_committed with aborted transactions listed. */
    private final AbortedTransactions aborted;
    /** The next batch the {@link #aborted} filter looks at (each once, in order). */
    private int filtered;
    private int batchIndex;
    private int recordIndex;

    CompletedFetch(TopicPartition tp, PartitionFetchState state, int generation,
                   List<FetchedPartition.FetchedBatch> batches, SpateException endError) {
        this(tp, state, generation, batches, endError, null);
    }

    CompletedFetch(TopicPartition tp, PartitionFetchState state, int generation,
                   List<FetchedPartition.FetchedBatch> batches, SpateException endError, AbortedTransactions aborted) {
        this.aborted = aborted;
        this.tp = tp;
        this.state = state;
        this.generation = generation;
        this.batches = batches;
        this.endError = endError;
    }

    /**
     * The next record at or past the state's position, advancing the position past it; null when
     * this fetch is used up (the position then stands at the end of its last batch).
     */
    ConsumerRecord next(PartitionFetchState state) {
        while (batchIndex < batches.size()) {
            FetchedPartition.FetchedBatch batch = batches.get(batchIndex);
            List<ConsumerRecord> records;
            try {
                if (aborted != null && filtered == batchIndex) {
                    filtered++;
                    if (aborted.skip(batch)) {
                        // an aborted transaction's batch: never handed out, the position moves past it
                        if (batch.nextOffset() > state.position()) {
                            state.advanceTo(batch.nextOffset());
                        }
                        batchIndex++;
                        recordIndex = 0;
                        continue;
                    }
                }
                records = batch.records();
            } catch (SpateException e) {
                // malformed records: this batch and everything after it are not handed out, and the
                // position stays at the batch, where a seek past it may go on
                endError = e;
                batchIndex = batches.size();
                return null;
            }
            while (recordIndex < records.size()) {
                ConsumerRecord r = records.get(recordIndex++);
                if (r.offset() >= state.position()) {
                    state.advanceTo(r.offset() + 1);
                    return r;
                }
            }
            // the batch is consumed: move past its end (control records, compacted gaps)
            if (batch.nextOffset() > state.position()) {
                state.advanceTo(batch.nextOffset());
            }
            batchIndex++;
            recordIndex = 0;
        }
        return null;
    }

    /** The offset after the last batch: where the partition's position stands once this is used up. */
    long endOffset() {
        return batches.isEmpty() ? -1 : batches.get(batches.size() - 1).nextOffset();
    }

    /** The error to raise once the records are used up, or null. */
    SpateException endError() {
        return endError;
    }
}
