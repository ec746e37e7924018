package io.spate.log;

import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.record.RetainedBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the cleaned copy of one closed segment (step 2 of a {@link CleanerPass}, on a worker).
 *
 * <p>Which records survive, for a record at offset {@code o} with key {@code k} and
 * {@code m = map.get(k)}:
 * <ul>
 * <li>in a transactional batch of an aborted transaction: dropped (Kafka's cleaner does the same);
 *     transaction markers (control batches) are all kept: Kafka drops an empty marker after
 *     delete.retention.ms, Spate does not (yet);</li>
 * <li>no key, or in a control batch: kept (compaction is by key);</li>
 * <li>{@code m > o}: dropped, a newer record of the key exists;</li>
 * <li>a tombstone (null value) with {@code m == o} whose batch's maxTimestamp (for LogAppendTime the
 *     broker's append time, for CreateTime the newest producer timestamp in the batch, which is at
 *     least the tombstone's own; the segment's largest timestamp or file time if the batch has none)
 *     is more than delete.retention.ms before the pass's now: dropped. Every older record of the key is dropped in
 *     the same pass (they all have {@code m > o}), and the pass swaps segments oldest first, so no older
 *     value can come back;</li>
 * <li>anything else (including keys the full map does not hold): kept.</li>
 * </ul>
 * A batch whose records all survive is copied byte for byte; one with some is rebuilt by
 * {@link RetainedBatchBuilder}; one with none disappears — unless it is the newest batch of an
 * idempotent producer (the producer state's last batch for its producer id when the pass began): that
 * one stays as an empty batch (header only, same offsets, producer id, epoch and sequences; Kafka does
 * the same), so a producer state rebuilt from the log still knows the producer's last sequence. Nothing is written while every batch
 * survives: the output file is created at the first change, starting with a copy of the bytes before.
 *
 * <p>The output is {@code <base>.log.cleaned}, fsynced, then renamed to {@code <base>.log.swap}: a swap
 * file is always complete, so recovery may finish the swap (see {@link LogLoader}).
 */
final class SegmentCleaner {
    /** What became of one segment. */
    enum Outcome { UNCHANGED, REWRITTEN, EMPTIED }

    /**
     * @param swapFile the complete cleaned copy ({@code REWRITTEN}, or {@code EMPTIED} of a segment kept
     *                 as an empty file); null otherwise
     */
    record Result(LogSegment original, Outcome outcome, Path swapFile, long recordsRemoved, long bytesAfter) {
    }

    private final OffsetMap map;
    private final long tombstoneHorizonMs;
    private final Map<Long, Long> producerLastBatches;
    private final AbortedRanges aborted;

    /**
     * @param tombstoneHorizonMs  tombstones in batches with maxTimestamp below this may go
     * @param producerLastBatches producer id → last offset of its newest batch: those batches never go
     * @param aborted             the aborted transactions, whose data batches go
     */
    SegmentCleaner(OffsetMap map, long tombstoneHorizonMs, Map<Long, Long> producerLastBatches, AbortedRanges aborted) {
        this.map = map;
        this.aborted = aborted;
        this.tombstoneHorizonMs = tombstoneHorizonMs;
        this.producerLastBatches = producerLastBatches;
    }

    /**
     * Cleans {@code segment} (closed, immutable) in {@code dir}. With {@code keepEmpty}, a segment left
     * with no batch is written as an empty swap file (the log's first segment stays, so the log start
     * offset keeps its segment); without, it is reported EMPTIED with no file.
     */
    Result clean(Path dir, LogSegment segment, boolean keepEmpty) throws IOException {
        FileRecords in = segment.log();
        Path cleaned = LogFileUtils.cleanedFile(dir, segment.baseOffset());
        FileChannel out = null;
        long removed = 0;
        long written = 0;
        try {
            for (BatchHeader h = in.headerAt(0); h != null; h = in.headerAt(h.endPosition())) {
                ByteBuffer bytes = ByteBuffer.allocate(h.sizeInBytes());
                in.readInto(bytes, h.position());
                bytes.flip();
                RecordBatch batch = new RecordBatch(bytes, 0);
                List<Record> records = batch.records();
                // a batch without timestamps ages with its segment file instead
                long age = h.maxTimestamp() >= 0 ? h.maxTimestamp() : segment.largestTimestamp();
                List<Record> kept = batch.isControl() ? records : aborted.isAborted(h) ? List.of() : survivors(records, age);
                // an empty batch a pass kept for its producer goes once a newer batch of the producer exists
                boolean staleEmpty = records.isEmpty() && !batch.isControl() && !isProducersLastBatch(h);
                if (kept.size() == records.size() && !staleEmpty && out == null) {
                    written += h.sizeInBytes();
                    continue;
                }
                if (out == null) {
                    out = FileChannel.open(cleaned, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                    copyPrefix(in, out, h.position());
                }
                removed += records.size() - kept.size();
                ByteBuffer result = staleEmpty ? null : kept.size() == records.size() ? bytes
                        : !kept.isEmpty() ? RetainedBatchBuilder.build(batch, kept)
                        : isProducersLastBatch(h) ? RetainedBatchBuilder.buildEmpty(batch) : null;
                if (result != null) {
                    written += result.remaining();
                    writeFully(out, result, out.size());
                }
            }
            if (out == null) {
                return new Result(segment, Outcome.UNCHANGED, null, 0, written);
            }
            out.force(true);
            out.close();
            out = null;
            if (written == 0 && !keepEmpty) {
                Files.deleteIfExists(cleaned);
                return new Result(segment, Outcome.EMPTIED, null, removed, 0);
            }
            Path swap = LogFileUtils.swapFile(dir, segment.baseOffset());
            Files.move(cleaned, swap, StandardCopyOption.ATOMIC_MOVE);
            return new Result(segment, written == 0 ? Outcome.EMPTIED : Outcome.REWRITTEN, swap, removed, written);
        } catch (IOException | RuntimeException e) {
            if (out != null) {
                out.close();
            }
            Files.deleteIfExists(cleaned);
            throw e;
        }
    }

    /** Is {@code h} the newest batch of its (idempotent) producer, which the producer state rebuilds from? */
    private boolean isProducersLastBatch(BatchHeader h) {
        if (h.producerId() < 0) {
            return false;
        }
        Long last = producerLastBatches.get(h.producerId());
        return last != null && last == h.lastOffset();
    }

    private List<Record> survivors(List<Record> records, long batchMaxTimestamp) {
        List<Record> kept = new ArrayList<>(records.size());
        for (Record r : records) {
            if (r.key() == null) {
                kept.add(r);
                continue;
            }
            long newest = map.get(r.key());
            boolean superseded = newest > r.offset();
            boolean expiredTombstone = r.value() == null && newest == r.offset()
                    && batchMaxTimestamp < tombstoneHorizonMs;
            if (!superseded && !expiredTombstone) {
                kept.add(r);
            }
        }
        return kept;
    }

    private static void copyPrefix(FileRecords in, FileChannel out, int bytes) throws IOException {
        long pos = 0;
        while (pos < bytes) {
            pos += in.channel().transferTo(pos, bytes - pos, out);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += out.write(buf, pos);
        }
    }
}
