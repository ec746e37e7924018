package io.spate.log;

import io.spate.record.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test fixture: the index files of a partition directory read as plain bytes, checked the way Kafka's
 * {@code kafka-dump-log.sh --verify-index-only} checks them, and rewritten in Spate's older convention
 * (index format 1: entries named a batch's base offset) to stand for a directory an older Spate wrote.
 */
final class IndexFiles {
    /** A batch of a segment file as its header says: where it starts, its offsets, its max timestamp. */
    record Batch(int position, long baseOffset, long lastOffset, long maxTimestamp) {
    }

    /** An index entry, offsets absolute. For a time index entry, {@code position} is its timestamp. */
    record Entry(long offset, long value) {
    }

    private IndexFiles() {
    }

    /** The batches of a {@code .log} file, walking the length fields. */
    static List<Batch> batches(Path logFile) {
        ByteBuffer buf = ByteBuffer.wrap(read(logFile));
        List<Batch> out = new ArrayList<>();
        for (int pos = 0; pos + RecordBatch.HEADER_SIZE <= buf.limit(); pos += buf.getInt(pos + 8) + 12) {
            long base = buf.getLong(pos);
            out.add(new Batch(pos, base, base + buf.getInt(pos + RecordBatch.LAST_OFFSET_DELTA_OFFSET),
                    buf.getLong(pos + RecordBatch.MAX_TIMESTAMP_OFFSET)));
        }
        return out;
    }

    /** The entries of an {@code .index} ({@code (offset, position)}) of the segment at {@code base}. */
    static List<Entry> offsetEntries(Path dir, long base) {
        ByteBuffer buf = ByteBuffer.wrap(read(TestLogs.segmentFile(dir, base, ".index")));
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i + OffsetIndex.ENTRY_SIZE <= buf.limit(); i += OffsetIndex.ENTRY_SIZE) {
            out.add(new Entry(base + buf.getInt(i), buf.getInt(i + 4)));
        }
        return out;
    }

    /** The entries of a {@code .timeindex} ({@code (offset, timestamp)}) of the segment at {@code base}. */
    static List<Entry> timeEntries(Path dir, long base) {
        ByteBuffer buf = ByteBuffer.wrap(read(TestLogs.segmentFile(dir, base, ".timeindex")));
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i + TimeIndex.ENTRY_SIZE <= buf.limit(); i += TimeIndex.ENTRY_SIZE) {
            out.add(new Entry(base + buf.getInt(i + 8), buf.getLong(i)));
        }
        return out;
    }

    /** The base offsets of the segments in {@code dir}, in order. */
    static List<Long> segmentBases(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.log"))
                    .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What Kafka's verification reports for the segments of {@code dir}, as lines (none when the
     * indexes follow Kafka's convention): an {@code .index} entry whose batch (the one at its position)
     * does not end at its offset; a {@code .timeindex} entry whose offset is no batch's last offset, or
     * whose timestamp is not that batch's max timestamp, or does not increase.
     */
    static List<String> kafkaMismatches(Path dir) {
        List<String> out = new ArrayList<>();
        for (long base : segmentBases(dir)) {
            List<Batch> batches = batches(TestLogs.segmentFile(dir, base, ".log"));
            for (Entry e : offsetEntries(dir, base)) {
                Batch at = batches.stream().filter(b -> b.position() == e.value()).findFirst().orElse(null);
                if (at == null || at.lastOffset() != e.offset()) {
                    out.add(base + ".index: entry " + e + " but the batch there is " + at);
                }
            }
            long previous = Long.MIN_VALUE;
            for (Entry e : timeEntries(dir, base)) {
                Batch holding = batches.stream().filter(b -> b.lastOffset() >= e.offset()).findFirst().orElse(null);
                if (holding == null || holding.lastOffset() != e.offset() || holding.maxTimestamp() != e.value()
                        || e.value() <= previous) {
                    out.add(base + ".timeindex: entry " + e + " but the batch holding its offset is " + holding);
                }
                previous = e.value();
            }
        }
        return out;
    }

    /** How many index entries (offset and time) the segments of {@code dir} hold in all. */
    static int entryCount(Path dir) {
        int n = 0;
        for (long base : segmentBases(dir)) {
            n += offsetEntries(dir, base).size() + timeEntries(dir, base).size();
        }
        return n;
    }

    /**
     * Rewrites the index entries of every segment in {@code dir} as an older Spate wrote them: each
     * {@code .index} and {@code .timeindex} entry names the base offset of its batch instead of the last.
     * The files must be trimmed (the log closed). Returns how many entries changed.
     */
    static int rewriteAsFormat1(Path dir) {
        int changed = 0;
        for (long base : segmentBases(dir)) {
            List<Batch> batches = batches(TestLogs.segmentFile(dir, base, ".log"));
            Path index = TestLogs.segmentFile(dir, base, ".index");
            ByteBuffer ib = ByteBuffer.wrap(read(index));
            for (int i = 0; i + OffsetIndex.ENTRY_SIZE <= ib.limit(); i += OffsetIndex.ENTRY_SIZE) {
                long offset = base + ib.getInt(i);
                long batchBase = holding(batches, offset).baseOffset();
                changed += batchBase != offset ? 1 : 0;
                ib.putInt(i, (int) (batchBase - base));
            }
            write(index, ib.array());
            Path time = TestLogs.segmentFile(dir, base, ".timeindex");
            ByteBuffer tb = ByteBuffer.wrap(read(time));
            for (int i = 0; i + TimeIndex.ENTRY_SIZE <= tb.limit(); i += TimeIndex.ENTRY_SIZE) {
                long offset = base + tb.getInt(i + 8);
                long batchBase = holding(batches, offset).baseOffset();
                changed += batchBase != offset ? 1 : 0;
                tb.putInt(i + 8, (int) (batchBase - base));
            }
            write(time, tb.array());
        }
        return changed;
    }

    private static Batch holding(List<Batch> batches, long offset) {
        return batches.stream().filter(b -> b.baseOffset() <= offset && offset <= b.lastOffset()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no batch holds offset " + offset));
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
