package io.spate.log;

import io.spate.record.Record;
import io.spate.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One compaction pass over a partition log's closed segments, in three steps:
 * <ol>
 * <li>{@link PartitionLog#prepareCleaning} on the owner thread snapshots the segments that are closed
 *     and wholly below the last stable offset (immutable from then on: every transaction with data in
 *     them is complete), and the aborted transactions that started below their end;</li>
 * <li>{@link #run()} on a worker maps every key to its newest offset, reading the snapshot from the
 *     newest segment back to the oldest, and writes a cleaned copy of each segment that changes
 *     ({@link SegmentCleaner}) as a complete {@code .swap} file;</li>
 * <li>{@link PartitionLog#completeCleaning} on the owner thread swaps the copies in, oldest first.</li>
 * </ol>
 *
 * <p>Memory: the key map holds at most {@code maxKeys} keys ({@link OffsetMap}, 24 bytes a slot). When
 * the snapshot has more distinct keys, the map covers the newest part of it: older records of keys it
 * holds are still dropped, records of other keys are kept until a later pass (or forever, if the
 * newest segments alone hold more keys than the map). Kafka instead remembers how far it cleaned (a
 * cleaner checkpoint) and maps only the dirty part; Spate re-reads every closed segment each pass.
 *
 * <p>Threading: created and completed on the owner thread; {@link #run()} on one worker, once.
 */
public final class CleanerPass {
    /** Keys mapped in one pass by default: 2^20 keys take 28 MiB of slots. */
    public static final int DEFAULT_MAX_KEYS = 1 << 20;

    private final String partition;
    private final Path dir;
    /** The log's closed segments as they were at step 1: a copy, since the owner changes the live set. */
    private final List<LogSegment> segments;
    private final long nowMs;
    private final long deleteRetentionMs;
    private final int maxKeys;
    /** Producer id → last offset of its newest batch, taken at step 1: those batches are kept (see {@link SegmentCleaner}). */
    private final Map<Long, Long> producerLastBatches;
    /** Aborted transactions: their batches count for no key and are left out of the copies. */
    private final AbortedRanges aborted;
    private List<SegmentCleaner.Result> results = List.of();
    private LogStorageException failure;
    private long recordsMapped;
    /** Set by the log's close or delete (any thread): the worker stops at the next segment. */
    private volatile boolean cancelled;

    CleanerPass(String partition, Path dir, List<LogSegment> segments, long nowMs, long deleteRetentionMs,
                int maxKeys, Map<Long, Long> producerLastBatches, AbortedRanges aborted) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        this.partition = partition;
        this.dir = dir;
        this.segments = List.copyOf(segments);
        this.nowMs = nowMs;
        this.deleteRetentionMs = deleteRetentionMs;
        this.maxKeys = maxKeys;
        this.producerLastBatches = Map.copyOf(producerLastBatches);
        this.aborted = aborted;
    }

    /**
     * Step 2, on a worker: builds the key map and writes the cleaned copies. Never throws for an I/O
     * error: the failure is kept for {@link PartitionLog#completeCleaning}, and files written so far are
     * removed. A segment that retention or truncation closed meanwhile fails the pass the same way.
     */
    public void run() {
        List<SegmentCleaner.Result> done = new ArrayList<>();
        Path current = dir;
        try {
            OffsetMap map = buildMap();
            long horizon = nowMs - deleteRetentionMs;
            SegmentCleaner cleaner = new SegmentCleaner(map, horizon, producerLastBatches, aborted);
            for (int i = 0; i < segments.size(); i++) {
                if (cancelled) {
                    throw new IOException("the log was closed during the pass");
                }
                current = segments.get(i).log().file();
                // the log's first segment stays, even empty, so its base offset keeps anchoring the log start
                done.add(cleaner.clean(dir, segments.get(i), i == 0));
            }
            if (done.stream().anyMatch(r -> r.swapFile() != null)) {
                CheckpointFile.fsyncDirectory(dir);
            }
            results = List.copyOf(done);
        } catch (IOException | RuntimeException e) {
            failure = new LogStorageException(partition, current, "compaction", e);
            results = List.copyOf(done);
            deleteFiles();
            results = List.of();
        }
    }

    /**
     * Maps key → newest offset, newest segment first, forward within a segment, until the map is full.
     * Whatever it holds is a real occurrence of the key, which is all {@link SegmentCleaner} needs.
     */
    private OffsetMap buildMap() throws IOException {
        long span = 0;
        for (LogSegment s : segments) {
            span += s.nextOffset() - s.baseOffset();
        }
        long slots = Math.min((long) Math.ceil(maxKeys / OffsetMap.MAX_LOAD_FACTOR) + 1, span + 2);
        OffsetMap map = new OffsetMap((int) Math.min(slots, Integer.MAX_VALUE - 8));
        for (int i = segments.size() - 1; i >= 0; i--) {
            FileRecords in = segments.get(i).log();
            for (BatchHeader h = in.headerAt(0); h != null; h = in.headerAt(h.endPosition())) {
                if ((h.attributes() & RecordBatch.CONTROL_FLAG_MASK) != 0 || aborted.isAborted(h)) {
                    continue; // an aborted record must not hide the committed value before it
                }
                ByteBuffer bytes = ByteBuffer.allocate(h.sizeInBytes());
                in.readInto(bytes, h.position());
                for (Record r : new RecordBatch(bytes.flip(), 0).records()) {
                    if (r.key() != null && !map.put(r.key(), r.offset())) {
                        return map;
                    }
                    recordsMapped++;
                }
            }
        }
        return map;
    }

    /** Asks a running {@link #run()} to stop; it then fails and removes its files. Any thread. */
    void cancel() {
        cancelled = true;
    }

    /** Removes the swap files this pass wrote (it failed, or the log can no longer take them). */
    void deleteFiles() {
        for (SegmentCleaner.Result r : results) {
            if (r.swapFile() != null) {
                try {
                    Files.deleteIfExists(r.swapFile());
                } catch (IOException e) {
                    // harmless: recovery would complete the swap with a correct cleaned copy
                    System.getLogger(CleanerPass.class.getName()).log(System.Logger.Level.WARNING,
                            "could not remove " + r.swapFile() + " of " + partition + ": " + e);
                }
            }
        }
    }

    List<LogSegment> segments() {
        return segments;
    }

    List<SegmentCleaner.Result> results() {
        return results;
    }

    /** The failure of {@link #run()}, or null. */
    LogStorageException failure() {
        return failure;
    }

    /** Records read into the key map (for tests and logs). */
    long recordsMapped() {
        return recordsMapped;
    }

    /** The partition, {@code <topic>-<partition>}. */
    public String partition() {
        return partition;
    }

    /**
     * The segments a pass may clean: the closed ones lying wholly below {@code lastStableOffset}, oldest
     * first (the active segment, anything a consumer cannot read yet, and an open transaction's data are
     * never cleaned: Kafka's first uncleanable offset includes the first unstable offset).
     */
    static List<LogSegment> cleanable(LogSegments segments, long lastStableOffset) {
        return segments.closedBelow(lastStableOffset);
    }
}
