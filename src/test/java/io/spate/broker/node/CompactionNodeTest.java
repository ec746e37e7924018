package io.spate.broker.node;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.spate.broker.wire.NativeProtocolTest;
import io.spate.protocol.FetchResponse;
import io.spate.record.CompressionType;
import io.spate.record.Record;
import io.spate.record.RecordBatchBuilder;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node's cleaner timer compacts topics with cleanup.policy=compact. */
@Timeout(60)
class CompactionNodeTest {
    private static final int KEYS = 5;
    private static final int ROUNDS = 40;

    @TempDir
    Path dataDir;

    private static io.netty.buffer.ByteBuf keyed(String key, String value) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 64);
        b.append(System.currentTimeMillis(), key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), null);
        return Unpooled.wrappedBuffer(b.build());
    }

    /** Every record from offset 0 on, fetching past the gaps compaction leaves. */
    private static List<Record> readAll(RawConnection c, String topic, long end) {
        List<Record> out = new ArrayList<>();
        long next = 0;
        while (next < end) {
            FetchResponse.PartitionData data = NativeProtocolTest.fetch(c, topic, 0, next, 0);
            List<Record> records = NativeProtocolTest.records(data);
            for (Record r : records) {
                if (r.offset() >= next) {
                    out.add(r);
                }
            }
            next = records.get(records.size() - 1).offset() + 1;
        }
        return out;
    }

    @Test
    void aCompactedTopicEndsUpWithOneRecordPerKey() {
        SpateNode node = TestNode.start(dataDir, "log.cleaner.interval.ms=50");
        try (RawConnection c = new RawConnection(node.port())) {
            // file.delete.delay.ms stays at its default: with 0, a fetch whose file region is still being
            // sent when a swap retires its segment loses its connection (the client would refetch;
            // this raw test connection does not)
            NativeProtocolTest.createTopic(c, "latest", 1, Map.of("cleanup.policy", "compact",
                    "segment.bytes", "1024"));
            Map<String, String> newest = new LinkedHashMap<>();
            for (int i = 0; i < ROUNDS * KEYS; i++) {
                String key = "k" + i % KEYS;
                String value = "v" + i;
                NativeProtocolTest.produce(c, "latest", 0, (short) -1, keyed(key, value));
                newest.put(key, value);
            }
            // a record too big for the active segment's room rolls it: every k* record is cleanable now
            String big = "x".repeat(900);
            NativeProtocolTest.produce(c, "latest", 0, (short) -1, keyed("big", big));
            newest.put("big", big);
            long end = ROUNDS * KEYS + 1;

            eventually(Duration.ofSeconds(30), "the cleaner left one record per key",
                    () -> readAll(c, "latest", end).size() == newest.size());
            Map<String, String> read = new LinkedHashMap<>();
            for (Record r : readAll(c, "latest", end)) {
                read.put(TestBatches.utf8(r.key()), TestBatches.utf8(r.value()));
            }
            assertEquals(newest, read);
            assertEquals(0, NodeBehaviourTest.describe(c, "latest").logStartOffset());
            assertEquals(end, NodeBehaviourTest.describe(c, "latest").logEndOffset());
        } finally {
            TestNode.stop(node);
        }
    }
}
