package io.spate.log;

import io.spate.testing.MockTime;
import io.spate.testing.TestBatches;
import io.spate.testing.TestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shared fixtures for the log tests: configs from key/value pairs, reading a whole log back. */
final class TestLogs {
    private TestLogs() {
    }

    /** Defaults with the given overrides, as pairs: {@code config("segment.bytes", "1024")}. */
    static LogConfig config(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return LogConfig.from(m, LogConfig.defaults());
    }

    static PartitionLog open(Path dir, LogConfig config, MockTime clock, boolean clean) {
        return PartitionLog.open(dir, "orders", 0, config, clock, clean);
    }

    /** Every record from {@code from} to the log end, read batch by batch with minOneBatch. */
    static List<TestRecord> readAll(PartitionLog log, long from) {
        List<TestRecord> out = new ArrayList<>();
        long next = from;
        while (next < log.logEndOffset()) {
            LogReadResult r = log.read(next, 1, Long.MAX_VALUE, true);
            List<TestRecord> records = TestBatches.records(r.toByteBuffer());
            for (TestRecord rec : records) {
                if (rec.offset() >= next) {
                    out.add(rec);
                }
            }
            next = records.get(records.size() - 1).offset() + 1;
        }
        return out;
    }

    /** Values of {@link #readAll}. */
    static List<String> readValues(PartitionLog log, long from) {
        return readAll(log, from).stream().map(TestRecord::value).toList();
    }

    /** Appends {@code count} single-record batches with values {@code prefix<i>0}, timestamps from {@code ts}. */
    static void appendMany(PartitionLog log, String prefix, int count, long ts) {
        for (int i = 0; i < count; i++) {
            log.append(TestBatches.batch(prefix + i + "-", ts + i), 0);
        }
    }

    /** Names of the files in {@code dir}, sorted. */
    static List<String> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of one single-record batch made by {@code TestBatches.batch(prefix, ts)}. */
    static int batchSize(String prefix) {
        ByteBuffer b = TestBatches.batch(prefix, 0);
        return b.remaining();
    }

    /** File positions of the batches in a segment file, in order (walking the length fields). */
    static List<Integer> batchPositions(Path logFile) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(logFile));
            List<Integer> positions = new ArrayList<>();
            for (int pos = 0; pos + 12 <= buf.limit(); pos += buf.getInt(pos + 8) + 12) {
                positions.add(pos);
            }
            return positions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites {@code bytes} at {@code position} of {@code file}. */
    static void overwrite(Path file, long position, byte... bytes) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts {@code file} to {@code size} bytes. */
    static void truncateFile(Path file, long size) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The byte at {@code position} of {@code file}. */
    static byte byteAt(Path file, long position) {
        try {
            return Files.readAllBytes(file)[(int) position];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code dir/<20-digit base>.log}. */
    static Path segmentFile(Path dir, long baseOffset, String suffix) {
        return dir.resolve(String.format("%020d", baseOffset) + suffix);
    }
}
