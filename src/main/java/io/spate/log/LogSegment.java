package io.spate.log;

import io.spate.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One segment of a partition log: the batches from {@code baseOffset} on, in the file
 * {@code <20-digit base offset>.log}, with its {@link OffsetIndex} ({@code .index}) and
 * {@link TimeIndex} ({@code .timeindex}) and, once it holds an ABORT marker, its {@link TransactionIndex}
 * ({@code .txnindex}), named by {@link LogFileUtils}. Only the last segment of a log, the active one, is
 * appended to.
 *
 * <p>State beside the files: the offset after the last batch ({@link #nextOffset()}), the largest
 * batch max timestamp and the batch holding it, the bytes appended since the last index entry, and
 * the time the segment started (for {@code segment.ms}).
 *
 * <p>Threading: everything on the owning partition's thread except {@link #flush()} (any thread).
 */
final class LogSegment {
    private final long baseOffset;
    private final FileRecords log;
    private final LazyIndex<OffsetIndex> offsetIndex;
    private final LazyIndex<TimeIndex> timeIndex;
    private final SegmentReader reader;
    /** Replaced only by {@link #handOverTxnIndex}. */
    private TransactionIndex txnIndex;
    /** segment.index.bytes when the segment was opened: index capacity while it is appended to. */
    private final int maxIndexBytes;
    private long nextOffset;
    private long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
    private long offsetOfMaxTimestampSoFar;
    private int bytesSinceLastIndexEntry;
    /** Broker time of the first append, or the first batch's timestamp for a loaded segment; -1 if empty. */
    private long rollingBaseTimeMs = -1;

    private LogSegment(long baseOffset, FileRecords log, LazyIndex<OffsetIndex> offsetIndex,
                       LazyIndex<TimeIndex> timeIndex, TransactionIndex txnIndex, int maxIndexBytes) {
        this.baseOffset = baseOffset;
        this.txnIndex = txnIndex;
        this.maxIndexBytes = maxIndexBytes;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.reader = new SegmentReader(log, offsetIndex, timeIndex);
        this.nextOffset = baseOffset;
        this.offsetOfMaxTimestampSoFar = baseOffset;
    }

    /** Creates the files of a new, empty segment; the .log must not exist yet. */
    static LogSegment create(Path dir, long baseOffset, int maxIndexBytes) throws IOException {
        Files.deleteIfExists(LogFileUtils.offsetIndexFile(dir, baseOffset));
        Files.deleteIfExists(LogFileUtils.timeIndexFile(dir, baseOffset));
        Files.deleteIfExists(LogFileUtils.txnIndexFile(dir, baseOffset));
        LogSegment s = open(dir, baseOffset, maxIndexBytes, true);
        try {
            s.makeActive(); // a new segment is appended to: its index files exist and are mapped from the start
            return s;
        } catch (IOException | RuntimeException e) {
            s.log.close();
            throw e;
        }
    }

    /**
     * Opens an existing segment. Missing index files are created empty; the caller then checks
     * {@link #indexesTrusted()} and rebuilds or recovers as needed before using the segment.
     */
    static LogSegment open(Path dir, long baseOffset, int maxIndexBytes, boolean create) throws IOException {
        FileRecords log = FileRecords.open(LogFileUtils.logFile(dir, baseOffset), create);
        // mapped on first use: a segment nobody reads holds no index mapping
        LazyIndex<OffsetIndex> oi = new LazyIndex<>(LogFileUtils.offsetIndexFile(dir, baseOffset),
                f -> new OffsetIndex(f, baseOffset, maxIndexBytes));
        LazyIndex<TimeIndex> ti = new LazyIndex<>(LogFileUtils.timeIndexFile(dir, baseOffset),
                f -> new TimeIndex(f, baseOffset, maxIndexBytes));
        TransactionIndex txn;
        try {
            txn = TransactionIndex.open(LogFileUtils.txnIndexFile(dir, baseOffset));
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        return new LogSegment(baseOffset, log, oi, ti, txn, maxIndexBytes);
    }

    /**
     * Opens the cleaned copy a compaction swap just renamed to {@code <base>.log}: the index files are
     * new, so they are built by walking the batch headers, then trimmed as for any closed segment.
     */
    static LogSegment openCleaned(Path dir, long baseOffset, int maxIndexBytes, int indexIntervalBytes)
            throws IOException {
        LogSegment s = open(dir, baseOffset, maxIndexBytes, false);
        try {
            s.rebuild(indexIntervalBytes, false, null, s.lenientRules());
            s.onBecomeInactive();
            return s;
        } catch (IOException | RuntimeException e) {
            s.log.close();
            throw e;
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    /** The offset after the last batch; the base offset when empty. */
    long nextOffset() {
        return nextOffset;
    }

    int sizeInBytes() {
        return log.sizeInBytes();
    }

    boolean isEmpty() {
        return log.sizeInBytes() == 0;
    }

    FileRecords log() {
        return log;
    }

    /** The offset index, mapped now if it was not. */
    OffsetIndex offsetIndex() throws IOException {
        return offsetIndex.get();
    }

    /** The time index, mapped now if it was not. */
    TimeIndex timeIndex() throws IOException {
        return timeIndex.get();
    }

    /** The aborted transactions whose ABORT marker is in this segment. */
    TransactionIndex txnIndex() {
        return txnIndex;
    }

    /**
     * A compaction swap keeps every marker, so the cleaned copy keeps this segment's {@code .txnindex}
     * as it is: the file stays in place for the copy to open, and this segment, about to be renamed
     * {@code .deleted}, lets go of it.
     */
    void handOverTxnIndex() throws IOException {
        txnIndex.close();
        txnIndex = TransactionIndex.detached();
    }

    /**
     * Is either index full? Asked of the active segment, whose indexes are always mapped (the loader
     * and the roll map them with {@link #makeActive()}), so this never maps a file.
     */
    boolean indexFull() {
        try {
            return offsetIndex.get().isFull() || timeIndex.get().isFull();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Are the index files mapped (an inactive segment's are only once it is used)? */
    boolean indexesLoaded() {
        return offsetIndex.isLoaded() || timeIndex.isLoaded();
    }

    /**
     * Drops the mappings of an inactive segment's indexes (trimmed and flushed already), to be mapped
     * again on first use. Never for the active segment.
     */
    void releaseIndexes() {
        // a rebuilt index may still be dirty: its pages go to disk before the mapping is let go
        offsetIndex.flushIfLoaded();
        timeIndex.flushIfLoaded();
        offsetIndex.release();
        timeIndex.release();
    }

    /** Largest batch max timestamp appended, -1 if none. */
    long maxTimestamp() {
        return maxTimestampSoFar;
    }

    /** For retention: the largest timestamp, or the file's modification time if no batch carries one. */
    long largestTimestamp() throws IOException {
        return maxTimestampSoFar >= 0 ? maxTimestampSoFar : log.lastModified();
    }

    /** When the segment started, for segment.ms; -1 while empty. */
    long rollingBaseTimeMs() {
        return rollingBaseTimeMs;
    }

    /** Were both index files present and plausible for the log file when opened? */
    boolean indexesTrusted() throws IOException {
        OffsetIndex oi = offsetIndex.get();
        TimeIndex ti = timeIndex.get();
        return (oi.openedExisting() || isEmpty()) && (ti.openedExisting() || isEmpty())
                && oi.isConsistentWith(log.sizeInBytes())
                && ti.isConsistentWith(Long.MAX_VALUE);
    }

    /**
     * Appends whole, stamped batches ({@code batches} position..limit) and indexes them: an index entry
     * for the first batch that starts after more than {@code indexIntervalBytes} since the last one.
     * The buffer's position is unchanged. The caller has checked the segment has room.
     */
    void append(ByteBuffer batches, int indexIntervalBytes, long nowMs) throws IOException {
        int physical = log.sizeInBytes();
        // at most one index entry per batch: room for them first, so a full disk fails before any change
        int count = 0;
        for (int pos = batches.position(); pos < batches.limit(); count++) {
            pos += BatchHeader.read(batches, pos, 0).sizeInBytes();
        }
        offsetIndex.get().reserve(count);
        timeIndex.get().reserve(count);
        log.append(batches);
        if (rollingBaseTimeMs < 0) {
            rollingBaseTimeMs = nowMs;
        }
        for (int pos = batches.position(); pos < batches.limit(); ) {
            BatchHeader h = BatchHeader.read(batches, pos, physical);
            indexBatch(h, indexIntervalBytes);
            physical += h.sizeInBytes();
            pos += h.sizeInBytes();
        }
    }

    /** Kafka's convention: both indexes name a batch by its last offset (see {@link OffsetIndex}). */
    private void indexBatch(BatchHeader h, int indexIntervalBytes) throws IOException {
        if (h.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = h.maxTimestamp();
            offsetOfMaxTimestampSoFar = h.lastOffset();
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.get().isFull() && !timeIndex.get().isFull()) {
            offsetIndex.get().reserve(1); // reserved already on append; on a rebuild, here
            timeIndex.get().reserve(1);
            offsetIndex.get().append(h.lastOffset(), h.position());
            timeIndex.get().maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += h.sizeInBytes();
        nextOffset = h.nextOffset();
    }

    SegmentReader reader() {
        return reader;
    }

    /**
     * Recovery: checks every batch from the start (complete, plausible header, CRC, the offset rules of
     * {@code rules}), rebuilds both indexes and the in-memory state, and assigns leader epochs newer than
     * the cache's latest. At the first batch that fails, the file is cut there only if
     * {@code mayCutTornTail} (the segment is the log's last) and the damage is a torn tail
     * ({@link FileRecords#isTornTail}); otherwise nothing is cut and the damage is thrown. Returns the
     * number of bytes cut off.
     *
     * @throws SegmentCorruptionException for damage that is not a torn tail of the last segment
     */
    int recover(int indexIntervalBytes, LeaderEpochCache epochs, BatchContinuity rules, boolean mayCutTornTail)
            throws IOException {
        ScanStop stop = rebuild(indexIntervalBytes, true, epochs, rules);
        if (stop.reason() == null) {
            txnIndex.truncateTo(nextOffset); // entries of markers the crash lost
            return 0;
        }
        if (!mayCutTornTail) {
            throw new SegmentCorruptionException(log.file(), stop.position(), stop.reason()
                    + "; the segment is not the log's last, and only a torn tail of the last segment may be cut");
        }
        if (!log.isTornTail(stop.position(), nextOffset)) {
            throw new SegmentCorruptionException(log.file(), stop.position(), stop.reason()
                    + "; this is not a torn tail (an intact batch, or bytes that are no torn write, follow)");
        }
        int cut = log.sizeInBytes() - stop.position();
        log.truncateTo(stop.position());
        txnIndex.truncateTo(nextOffset);
        return cut;
    }

    /** Where a walk of the batches stopped: the end of the file (no reason), or the first bad batch and why. */
    private record ScanStop(int position, String reason) {
    }

    /**
     * Rebuilds indexes and state by walking the headers (CRC checked if {@code verifyCrc}, every header
     * checked with {@code rules}); stops at the end of the file or the first batch that fails.
     */
    private ScanStop rebuild(int indexIntervalBytes, boolean verifyCrc, LeaderEpochCache epochs, BatchContinuity rules)
            throws IOException {
        offsetIndex.get().reset();
        timeIndex.get().reset();
        makeActive();
        resetState();
        int pos = 0;
        while (pos < log.sizeInBytes()) {
            BatchHeader h = log.headerAt(pos);
            if (h == null) {
                return new ScanStop(pos, (long) pos + RecordBatch.HEADER_SIZE > log.sizeInBytes()
                        ? "the file ends " + (log.sizeInBytes() - pos) + " bytes into a batch header"
                        : "no plausible batch header (length, magic or offsets) or the batch runs past the end of the file");
            }
            String violation = rules.next(h);
            if (violation == null && h.lastOffset() - baseOffset > Integer.MAX_VALUE) {
                violation = "last offset " + h.lastOffset() + " is too far above the segment's base offset";
            }
            if (violation == null && verifyCrc && log.validBatchAt(pos, 0) == null) {
                violation = "the CRC32C does not match the batch's bytes";
            }
            if (violation != null) {
                return new ScanStop(pos, violation);
            }
            noteFirstBatch(h);
            indexBatch(h, indexIntervalBytes);
            if (epochs != null && h.partitionLeaderEpoch() > epochs.latestEpoch()) {
                epochs.assign(h.partitionLeaderEpoch(), h.baseOffset());
            }
            pos = h.endPosition();
        }
        return new ScanStop(pos, null);
    }

    /** Offset rules that hold in every log, for rebuilding a segment the log itself just wrote or cut. */
    private BatchContinuity lenientRules() {
        return new BatchContinuity(baseOffset, Long.MAX_VALUE, false);
    }

    /**
     * Loads the in-memory state of a segment whose index files are trusted: the largest timestamp from
     * the time index, then a walk of the headers from the last offset index entry (each checked with
     * {@code rules}; the entry's batch must end at the entry's offset), which must end exactly at the end
     * of the file. With {@code checkLastCrc}, the last batch's CRC is checked too. Returns false if the
     * walk disagrees with the file (the caller then recovers the segment, which says where and why).
     */
    boolean loadFromIndexes(boolean checkLastCrc, BatchContinuity rules) throws IOException {
        resetState();
        if (isEmpty()) {
            return offsetIndex.get().entries() == 0;
        }
        BatchHeader first = log.headerAt(0);
        if (first == null || first.baseOffset() < baseOffset) {
            return false;
        }
        noteFirstBatch(first);
        TimestampOffset lastTime = timeIndex.get().lastEntry();
        maxTimestampSoFar = lastTime.timestamp();
        offsetOfMaxTimestampSoFar = lastTime.offset();
        OffsetPosition lastIndexed = offsetIndex.get().lastEntry();
        BatchHeader h = log.headerAt(lastIndexed.position());
        if (h == null || (offsetIndex.get().entries() > 0 && h.lastOffset() != lastIndexed.offset())) {
            return false;
        }
        BatchHeader last = null;
        for (; h != null; h = log.headerAt(h.endPosition())) {
            if (h.baseOffset() < nextOffset || h.lastOffset() - baseOffset > Integer.MAX_VALUE || rules.next(h) != null) {
                return false;
            }
            indexBatchState(h);
            last = h;
        }
        if (last.endPosition() != log.sizeInBytes()) {
            return false;
        }
        return !checkLastCrc || log.validBatchAt(last.position(), last.baseOffset()) != null;
    }

    /**
     * Writes both indexes anew from the batch headers (no CRC check, nothing else changed, the .log not
     * touched), trimmed and fsynced as for a closed segment, then lets go of their mappings: the
     * one-time upgrade of an older index format ({@link IndexFormat}). A walk that meets damage stops
     * there, leaving it to the load, which finds it as it would have without the upgrade.
     */
    void rewriteIndexes(int indexIntervalBytes) throws IOException {
        rebuild(indexIntervalBytes, false, null, lenientRules());
        onBecomeInactive();
        releaseIndexes();
    }

    /** Assigns the epochs of this segment's batches that are newer than the cache's latest, in order. */
    void assignEpochs(LeaderEpochCache epochs) throws IOException {
        for (BatchHeader h = log.headerAt(0); h != null; h = log.headerAt(h.endPosition())) {
            if (h.partitionLeaderEpoch() > epochs.latestEpoch()) {
                epochs.assign(h.partitionLeaderEpoch(), h.baseOffset());
            }
        }
    }

    /** Like {@link #indexBatch} but without adding entries (they are already in the indexes). */
    private void indexBatchState(BatchHeader h) {
        if (h.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = h.maxTimestamp();
            offsetOfMaxTimestampSoFar = h.lastOffset();
        }
        bytesSinceLastIndexEntry += h.sizeInBytes();
        nextOffset = h.nextOffset();
    }

    private void noteFirstBatch(BatchHeader h) {
        if (rollingBaseTimeMs < 0) {
            rollingBaseTimeMs = h.maxTimestamp();
        }
    }

    private void resetState() {
        nextOffset = baseOffset;
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        bytesSinceLastIndexEntry = 0;
        rollingBaseTimeMs = -1;
    }

    /** Caps the rolling base time at {@code nowMs} (a loaded segment may carry a future timestamp). */
    void capRollingBaseTime(long nowMs) {
        if ((rollingBaseTimeMs < 0 && !isEmpty()) || rollingBaseTimeMs > nowMs) {
            rollingBaseTimeMs = nowMs;
        }
    }

    /**
     * Removes every batch whose last offset is {@code >= offset} (a batch straddling {@code offset} goes
     * whole) and rebuilds the indexes from what is left. Returns the bytes removed.
     */
    int truncateTo(long offset, int indexIntervalBytes) throws IOException {
        BatchHeader h = reader.translateOffset(offset);
        if (h == null) {
            return 0;
        }
        int removed = log.sizeInBytes() - h.position();
        log.truncateTo(h.position());
        txnIndex.truncateTo(h.baseOffset());
        long rollingBase = rollingBaseTimeMs;
        rebuild(indexIntervalBytes, false, null, lenientRules());
        rollingBaseTimeMs = isEmpty() ? -1 : rollingBase;
        return removed;
    }

    /**
     * Grows the indexes back to their full capacity so the segment can be appended to (or re-indexed)
     * again; {@link #onBecomeInactive()} trims them once more.
     */
    void makeActive() throws IOException {
        offsetIndex.get().resize(maxIndexBytes);
        timeIndex.get().resize(maxIndexBytes);
    }

    /** The segment is rolled: record the largest timestamp in a last time index entry, trim the indexes. */
    void onBecomeInactive() throws IOException {
        // an index that is not mapped was finished (and trimmed) when the segment first became inactive
        if (timeIndex.isLoaded()) {
            TimeIndex ti = timeIndex.get();
            if (maxTimestampSoFar >= 0 && (ti.entries() == 0 || maxTimestampSoFar > ti.lastEntry().timestamp())) {
                if (ti.isFull()) {
                    ti.resize((ti.entries() + 1) * TimeIndex.ENTRY_SIZE);
                }
                ti.reserve(1);
                ti.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            }
            ti.trimToValidSize();
        }
        if (offsetIndex.isLoaded()) {
            offsetIndex.get().trimToValidSize();
        }
    }

    /**
     * fsyncs the log file only: the per-ack path. The indexes are derived data, rebuilt by recovery
     * past the recovery point, so they are made durable at roll and close ({@link #flush}). Any thread.
     */
    void flushLog() throws IOException {
        log.flush();
        txnIndex.flush(); // as durable as the markers it indexes; rare, so usually nothing to do
    }

    /** fsyncs the log file and both indexes. Any thread. */
    void flush() throws IOException {
        log.flush();
        txnIndex.flush();
        offsetIndex.flushIfLoaded();
        timeIndex.flushIfLoaded();
    }

    /** Trims the indexes (with a final time index entry) and closes the log file. */
    void close() throws IOException {
        try {
            onBecomeInactive();
        } finally {
            txnIndex.close();
            log.close();
        }
    }

    /** Closes the log file without finishing the indexes first: for a segment whose files are deleted next. */
    void closeWithoutTrimming() throws IOException {
        txnIndex.close();
        log.close();
    }

    /** Renames the files (three, four with a {@code .txnindex}) to {@code <name>.deleted}, marking them for removal. */
    void renameToDeleted() throws IOException {
        log.renameTo(LogFileUtils.deletedFile(log.file()));
        offsetIndex.renameTo(LogFileUtils.deletedFile(offsetIndex.file()));
        timeIndex.renameTo(LogFileUtils.deletedFile(timeIndex.file()));
        if (txnIndex.file() != null) {
            txnIndex.renameTo(LogFileUtils.deletedFile(txnIndex.file()));
        }
    }

    /** Closes the log file and deletes the files under their current names. */
    void closeAndDelete() throws IOException {
        log.close();
        log.deleteIfExists();
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        txnIndex.closeAndDelete();
    }

    @Override
    public String toString() {
        return "LogSegment(base=" + baseOffset + ", next=" + nextOffset + ", size=" + sizeInBytes() + ")";
    }
}
