package io.spate.log;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a partition directory's segment files, built and parsed here and nowhere else (Kafka's
 * {@code LogFileUtils}). {@code <base>} is the segment's base offset in 20 decimal digits with leading
 * zeros, so that names sort as their offsets do:
 * <pre>
 * &lt;base&gt;.log              the segment's batches ({@link FileRecords})
 * &lt;base&gt;.index            its {@link OffsetIndex}
 * &lt;base&gt;.timeindex        its {@link TimeIndex}
 * &lt;base&gt;.txnindex         its aborted transaction index ({@link TransactionIndex}), once it has an entry
 * &lt;any of these&gt;.deleted   removed from the log, waiting for file.delete.delay.ms ({@link SegmentDeleter})
 * &lt;base&gt;.log.cleaned      a cleaned copy being written by compaction (may be partial)
 * &lt;base&gt;.log.swap         a complete, fsynced cleaned copy that replaces {@code <base>.log}
 * &lt;offset&gt;.snapshot       the producer state as of that offset ({@link ProducerStateSnapshot})
 * </pre>
 * The checkpoint files have fixed names, kept by their own classes ({@link PartitionCheckpoint},
 * {@link LeaderEpochCheckpointFile}). Stateless; any thread.
 */
final class LogFileUtils {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String TXN_INDEX_SUFFIX = ".txnindex";
    static final String DELETED_SUFFIX = ".deleted";
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";
    static final String SNAPSHOT_SUFFIX = ".snapshot";

    /** A base offset, then everything from the first dot on. */
    private static final Pattern SEGMENT_FILE_NAME = Pattern.compile("(\\d{20})(\\..*)");

    private LogFileUtils() {
    }

    /** {@code <base>}: the base offset in 20 digits. */
    static String filenamePrefix(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    /** {@code dir/<base>.log}. */
    static Path logFile(Path dir, long baseOffset) {
        return segmentFile(dir, baseOffset, LOG_SUFFIX);
    }

    /** {@code dir/<base>.index}. */
    static Path offsetIndexFile(Path dir, long baseOffset) {
        return segmentFile(dir, baseOffset, INDEX_SUFFIX);
    }

    /** {@code dir/<base>.timeindex}. */
    static Path timeIndexFile(Path dir, long baseOffset) {
        return segmentFile(dir, baseOffset, TIME_INDEX_SUFFIX);
    }

    /** {@code dir/<base>.txnindex}. */
    static Path txnIndexFile(Path dir, long baseOffset) {
        return segmentFile(dir, baseOffset, TXN_INDEX_SUFFIX);
    }

    /** {@code dir/<base>.log.cleaned}. */
    static Path cleanedFile(Path dir, long baseOffset) {
        return segmentFile(dir, baseOffset, LOG_SUFFIX + CLEANED_SUFFIX);
    }

    /** {@code dir/<base>.log.swap}. */
    static Path swapFile(Path dir, long baseOffset) {
        return segmentFile(dir, baseOffset, LOG_SUFFIX + SWAP_SUFFIX);
    }

    /** {@code dir/<offset>.snapshot}. */
    static Path snapshotFile(Path dir, long offset) {
        return segmentFile(dir, offset, SNAPSHOT_SUFFIX);
    }

    /** The offset of a {@code <offset>.snapshot} name; empty for any other name. */
    static OptionalLong snapshotOffset(String fileName) {
        return baseOffset(fileName, SNAPSHOT_SUFFIX);
    }

    /** The base offset of a {@code <base>.log.swap} name; empty for any other name. */
    static OptionalLong swapFileBaseOffset(String fileName) {
        return baseOffset(fileName, LOG_SUFFIX + SWAP_SUFFIX);
    }

    /** {@code <file>.deleted}, beside {@code file}. */
    static Path deletedFile(Path file) {
        return file.resolveSibling(file.getFileName() + DELETED_SUFFIX);
    }

    /** Is {@code fileName} one a log drops when it opens: {@code *.deleted} or {@code *.cleaned}? */
    static boolean isLeftover(String fileName) {
        return fileName.endsWith(DELETED_SUFFIX) || fileName.endsWith(CLEANED_SUFFIX);
    }

    /**
     * The base offset of {@code fileName} if it is exactly {@code <base><suffix>} (say
     * {@code 00000000000000000010.log} for {@link #LOG_SUFFIX}); empty otherwise.
     */
    static OptionalLong baseOffset(String fileName, String suffix) {
        Matcher m = SEGMENT_FILE_NAME.matcher(fileName);
        if (!m.matches() || !m.group(2).equals(suffix)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }

    private static Path segmentFile(Path dir, long baseOffset, String suffix) {
        return dir.resolve(filenamePrefix(baseOffset) + suffix);
    }
}
