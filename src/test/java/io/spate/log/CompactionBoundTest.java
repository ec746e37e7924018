package io.spate.log;

import static io.spate.log.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.log.Compacted.Kv;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatchBuilder;
import io.spate.testing.MockTime;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property the offsets topic needs: a compacted log written 1,000,000 times over a small key space
 * stays bounded by its keys, not its writes (small segments, 1,000 keys each rewritten 1,000 times).
 */
class CompactionBoundTest {
    private static final int WRITES = 1_000_000;
    private static final int KEYS = 1_000;
    private static final int PER_BATCH = 100;
    private static final int BATCHES_PER_PASS = 100;
    /** Cleaned records of every key, their batches, the active segment and slack: far below 1M records. */
    private static final long MAX_BYTES = 512 * 1024;
    private static final int MAX_SEGMENTS = 40;

    @TempDir
    Path tmp;

    @Test
    void aMillionWritesOverAThousandKeysStayBoundedByTheKeys() {
        MockTime clock = new MockTime(1_000_000);
        PartitionLog log = TestLogs.open(tmp.resolve("orders-0"), config("segment.bytes", "65536",
                "cleanup.policy", "compact", "file.delete.delay.ms", "0"), clock, true);
        try {
            RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 4096);
            long maxSize = 0;
            int maxSegments = 0;
            long written = 0;
            for (int offset = 0; offset < WRITES; ) {
                builder.reset();
                for (int i = 0; i < PER_BATCH; i++, offset++) {
                    builder.append(clock.milliseconds(), Compacted.bytes("k" + offset % KEYS),
                            Compacted.bytes("v" + offset), null);
                }
                written += builder.estimatedSizeInBytes();
                log.append(builder.build(), 0);
                if ((offset / PER_BATCH) % BATCHES_PER_PASS == 0) {
                    log.updateHighWatermark(log.logEndOffset());
                    Compacted.clean(log);
                    maxSize = Math.max(maxSize, log.sizeInBytes());
                    maxSegments = Math.max(maxSegments, log.segmentCount());
                }
            }
            assertTrue(written > 16 * 1024 * 1024, "wrote " + written + " bytes");
            assertTrue(maxSize <= MAX_BYTES, "log grew to " + maxSize + " bytes");
            assertTrue(maxSegments <= MAX_SEGMENTS, "log grew to " + maxSegments + " segments");
            assertEquals(WRITES, log.logEndOffset());
            assertEquals(0, log.logStartOffset());

            List<Long> bases = log.segmentBaseOffsets();
            long active = bases.get(bases.size() - 1);
            Set<String> keys = new HashSet<>();
            for (Kv kv : Compacted.readAll(log)) {
                assertEquals("v" + kv.offset(), kv.value(), "offsets unchanged");
                if (kv.offset() < active) {
                    assertTrue(kv.offset() + KEYS >= active, kv + " has a newer value below " + active);
                    assertTrue(keys.add(kv.key()), "one record per key: " + kv);
                }
            }
            assertEquals(KEYS, keys.size(), "every key keeps its newest value");
        } finally {
            log.close();
        }
    }
}
