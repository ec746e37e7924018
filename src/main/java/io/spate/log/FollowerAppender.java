package io.spate.log;

import io.spate.log.FollowerAppendException.Reason;
import io.spate.record.ControlRecord;
import io.spate.record.CorruptRecordException;
import io.spate.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The logic of {@link PartitionLog#appendAsFollower}: batches copied from the leader, offsets and
 * leader epochs already set, are checked whole before a byte is written, then written unchanged.
 *
 * <p>Checks, in order, all before any write (so a refused append changes nothing):
 * <ol>
 * <li>the bytes are whole v2 batches (as {@link PartitionLog#append} requires): NOT_BATCHES;</li>
 * <li>every batch's CRC32C matches: CORRUPT;</li>
 * <li>the first batch starts at the log end offset and each next one where the previous ended:
 *     OVERLAP below it, GAP above it. A compacted log (cleanup.policy has compact) accepts gaps,
 *     because the leader's cleaner drops whole batches;</li>
 * <li>the batches' leader epochs (those {@code >= 0}) never go below the previous batch's nor the
 *     cache's latest epoch: EPOCH_BACKWARDS;</li>
 * <li>a producer's control batch holds a readable transaction marker: CORRUPT.</li>
 * </ol>
 *
 * <p>Writing: the batches go to the active segment in runs; before each batch the log's roll rule is
 * applied as if that batch were appended alone, so a follower that copies a leader whose produce
 * requests each held one batch rolls at the same offsets and ends with byte-identical segments
 * (only segment.ms can differ, as the two nodes' clocks do). After each run the epochs of its
 * batches are assigned in the leader-epoch cache at their base offsets, and its producers' batches are
 * recorded in the {@link ProducerStateManager} without checks, so that this replica, once leader,
 * refuses the same duplicates its leader did: transactional batches open transactions and markers end
 * them as on the leader, and an ABORT marker's entry goes to the aborted transaction index of the
 * segment it was written to.
 *
 * <p>Owner thread of the log, like every append.
 */
final class FollowerAppender {
    /** Would the active segment roll before {@code bytes} more, with {@code pending} bytes about to be written? */
    @FunctionalInterface
    interface RollCheck {
        boolean due(long pendingBytes, int bytes, long lastOffset, long now);
    }

    /** Writes a run of whole batches to the segments (rolling first if due) and moves the log end. */
    @FunctionalInterface
    interface RunWriter {
        void write(ByteBuffer run, long lastOffset, long now);
    }

    private record Batch(int position, int size, long baseOffset, long lastOffset, int epoch, long maxTimestamp,
                         BatchHeader header, ControlRecord marker) {
    }

    private final String partition;
    private final LeaderEpochCache epochs;
    private final RollCheck rollCheck;
    private final RunWriter writer;
    private final ProducerStateManager producers;
    private final Consumer<AbortedTxn> abortedIndex;

    /** @param abortedIndex adds an entry to the active segment's aborted transaction index */
    FollowerAppender(String partition, LeaderEpochCache epochs, RollCheck rollCheck, RunWriter writer,
                     ProducerStateManager producers, Consumer<AbortedTxn> abortedIndex) {
        this.partition = partition;
        this.abortedIndex = abortedIndex;
        this.epochs = epochs;
        this.rollCheck = rollCheck;
        this.writer = writer;
        this.producers = producers;
    }

    /**
     * Checks and writes {@code batches} (position..limit; the buffer is not changed).
     *
     * @throws FollowerAppendException if a check fails; nothing is written then
     */
    LogAppendInfo append(ByteBuffer batches, long logEndOffset, long logStartOffset, boolean allowGaps, long now) {
        List<Batch> list = check(batches, logEndOffset, allowGaps);
        int runStart = 0;
        long pending = 0;
        for (int i = 0; i < list.size(); i++) {
            Batch b = list.get(i);
            if (pending > 0 && rollCheck.due(pending, b.size(), b.lastOffset(), now)) {
                writeRun(batches, list.subList(runStart, i), now);
                runStart = i;
                pending = 0;
            }
            pending += b.size();
        }
        writeRun(batches, list.subList(runStart, list.size()), now);
        return info(list, batches.remaining(), logStartOffset);
    }

    private void writeRun(ByteBuffer batches, List<Batch> run, long now) {
        Batch first = run.get(0);
        Batch last = run.get(run.size() - 1);
        ByteBuffer slice = batches.duplicate();
        slice.limit(last.position() + last.size()).position(first.position());
        writer.write(slice, last.lastOffset(), now);
        for (Batch b : run) {
            if (b.epoch() >= 0) {
                epochs.assign(b.epoch(), b.baseOffset());
            }
            AbortedTxn aborted = ProducerStateLoader.record(producers, b.header(), b.marker(), now);
            if (aborted != null) {
                abortedIndex.accept(aborted);
            }
        }
    }

    private List<Batch> check(ByteBuffer batches, long logEndOffset, boolean allowGaps) {
        try {
            BatchStamper.countBatches(batches, partition);
        } catch (IllegalArgumentException e) {
            throw new FollowerAppendException(Reason.NOT_BATCHES, partition, logEndOffset, batches.position(),
                    e.getMessage());
        }
        List<Batch> list = new ArrayList<>();
        long expected = logEndOffset;
        int latestEpoch = epochs.latestEpoch();
        for (int pos = batches.position(); pos < batches.limit(); ) {
            RecordBatch b = new RecordBatch(batches, pos);
            if (!b.isChecksumValid()) {
                throw new FollowerAppendException(Reason.CORRUPT, partition, expected, pos, "the batch at payload position "
                        + pos + " (base offset " + b.baseOffset() + ") stores CRC " + b.checksum() + " but its bytes give "
                        + b.computeChecksum());
            }
            long base = b.baseOffset();
            if (base < expected) {
                throw new FollowerAppendException(Reason.OVERLAP, partition, expected, base, "a batch starts at offset "
                        + base + ", below the next offset " + expected);
            }
            if (base > expected && !allowGaps) {
                throw new FollowerAppendException(Reason.GAP, partition, expected, base, "a batch starts at offset "
                        + base + " but the next offset is " + expected + " and the log is not compacted");
            }
            int epoch = b.partitionLeaderEpoch();
            if (epoch >= 0 && epoch < latestEpoch) {
                throw new FollowerAppendException(Reason.EPOCH_BACKWARDS, partition, expected, base, "the batch at offset "
                        + base + " has leader epoch " + epoch + ", below the epoch " + latestEpoch + " before it");
            }
            latestEpoch = Math.max(latestEpoch, epoch);
            BatchHeader header = BatchHeader.read(batches, pos, pos);
            list.add(new Batch(pos, b.sizeInBytes(), base, b.lastOffset(), epoch, b.maxTimestamp(), header,
                    ProducerStateLoader.isMarker(header) ? marker(batches, pos, expected) : null));
            expected = b.nextOffset();
            pos += b.sizeInBytes();
        }
        return list;
    }

    private ControlRecord marker(ByteBuffer batches, int pos, long expected) {
        try {
            return ControlRecord.read(batches, pos);
        } catch (CorruptRecordException e) {
            throw new FollowerAppendException(Reason.CORRUPT, partition, expected, pos, "the control batch at payload"
                    + " position " + pos + " holds no readable transaction marker: " + e.getMessage());
        }
    }

    private static LogAppendInfo info(List<Batch> list, int bytes, long logStartOffset) {
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = list.get(0).baseOffset();
        for (Batch b : list) {
            if (b.maxTimestamp() > maxTimestamp) {
                maxTimestamp = b.maxTimestamp();
                offsetOfMaxTimestamp = b.baseOffset();
            }
        }
        return new LogAppendInfo(list.get(0).baseOffset(), list.get(list.size() - 1).lastOffset(), maxTimestamp,
                offsetOfMaxTimestamp, RecordBatch.NO_TIMESTAMP, logStartOffset, bytes, list.size());
    }
}
