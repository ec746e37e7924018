package io.spate.log;

import io.spate.record.CompressionType;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixtures for the compaction tests: keyed batches, a whole pass, the log read back as (offset, key, value). */
final class Compacted {
    private Compacted() {
    }

    /** One record as the tests compare it; value null for a tombstone, key null for an unkeyed record. */
    record Kv(long offset, String key, String value) {
    }

    /** A batch of records {@code key=value} pairs ("k1=v1", "k2=" for a tombstone, "=v" for no key). */
    static ByteBuffer batch(CompressionType codec, long timestamp, String... pairs) {
        RecordBatchBuilder b = new RecordBatchBuilder(codec, 256);
        for (String p : pairs) {
            int eq = p.indexOf('=');
            String k = p.substring(0, eq);
            String v = p.substring(eq + 1);
            b.append(timestamp, k.isEmpty() ? null : bytes(k), v.isEmpty() ? null : bytes(v), null);
        }
        return b.build();
    }

    static ByteBuffer batch(long timestamp, String... pairs) {
        return batch(CompressionType.NONE, timestamp, pairs);
    }

    /**
     * One compaction pass the way the broker's {@code PartitionWriter} runs it: step 1 on the calling
     * (owner) thread, the pass itself on another thread, step 3 back on the caller. NOTHING if no pass
     * was due.
     */
    static CleanerStats clean(PartitionLog log) {
        CleanerPass pass = log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS);
        if (pass == null) {
            return CleanerStats.NOTHING;
        }
        Thread worker = new Thread(pass::run, "cleaner-" + pass.partition());
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the pass ran", e);
        }
        return log.completeCleaning(pass);
    }

    /** Every record of the log from its start, reading batch by batch as a consumer does. */
    static List<Kv> readAll(PartitionLog log) {
        List<Kv> out = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            LogReadResult r = log.read(next, 1, Long.MAX_VALUE, true);
            if (r.isEmpty()) {
                break;
            }
            ByteBuffer buf = r.toByteBuffer();
            for (RecordBatch b : RecordBatch.batches(buf)) {
                for (Record rec : b.records()) {
                    if (rec.offset() >= next) {
                        out.add(kv(rec));
                    }
                }
                next = b.nextOffset();
            }
        }
        return out;
    }

    /** What a correct pass leaves: records below {@code cleanedBelow} only if newest of their key there. */
    static List<Kv> expected(List<Kv> written, long cleanedBelow) {
        Map<String, Long> newest = new LinkedHashMap<>();
        for (Kv kv : written) {
            if (kv.offset() < cleanedBelow && kv.key() != null) {
                newest.put(kv.key(), kv.offset());
            }
        }
        return written.stream().filter(kv -> kv.offset() >= cleanedBelow || kv.key() == null
                || newest.get(kv.key()) == kv.offset()).toList();
    }

    static Kv kv(Record r) {
        return new Kv(r.offset(), string(r.key()), string(r.value()));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
