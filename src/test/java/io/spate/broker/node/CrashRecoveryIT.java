package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.record.CompressionType;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.spate.testing.NodeProcess;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process-level durability: the fat jar is killed with SIGKILL while a producer writes with
 * acks=all; after a restart every acknowledged record is read back at its acknowledged offset.
 */
@Timeout(300)
class CrashRecoveryIT {
    static final String TOPIC = "crash";
    static final int PARTITIONS = 3;
    static final int RECORDS_PER_BATCH = 100;

    /** One acknowledged record: where the broker said it is stored, and what it is. */
    record Acked(int partition, long offset, String value) {
    }

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedRecordSurvivesKillDashNine() throws Exception {
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicInteger sequence = new AtomicInteger();
        try (NodeProcess node = NodeProcess.start(dataDir)) {
            try (RawConnection c = new RawConnection(node.port())) {
                RawConnection.Response created = c.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                        new CreateTopicsRequest.Topic(TOPIC, PARTITIONS, (short) 1, List.of())), 30_000, false));
                assertEquals(ErrorCode.NONE, created.header().error());
                while (acked.size() < 100_000) {
                    produceBatch(c, sequence, acked);
                }
            }
            // keep writing from another thread and pull the plug mid-stream
            int before = acked.size();
            Thread writer = new Thread(() -> {
                try (RawConnection c = new RawConnection(node.port())) {
                    while (true) {
                        produceBatch(c, sequence, acked);
                    }
                } catch (RuntimeException expected) {
                    // the node died under us
                }
            });
            writer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < before + 20 * RECORDS_PER_BATCH && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            node.kill9();
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertTrue(acked.size() >= 100_000, "acknowledged " + acked.size());

        try (NodeProcess restarted = NodeProcess.start(dataDir); RawConnection c = new RawConnection(restarted.port())) {
            Map<Integer, Map<Long, String>> stored = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                stored.put(p, readAll(c, p));
            }
            int checked = 0;
            for (Acked a : acked) {
                assertEquals(a.value(), stored.get(a.partition()).get(a.offset()),
                        "acknowledged record at " + TOPIC + "-" + a.partition() + "@" + a.offset());
                checked++;
            }
            assertEquals(acked.size(), checked);
        }
    }

    private static void produceBatch(RawConnection c, AtomicInteger sequence, ConcurrentLinkedQueue<Acked> acked) {
        int first = sequence.getAndAdd(RECORDS_PER_BATCH);
        int partition = (first / RECORDS_PER_BATCH) % PARTITIONS;
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 8192);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            String v = "record-" + (first + i);
            values.add(v);
            b.append(System.currentTimeMillis(), null, v.getBytes(StandardCharsets.UTF_8), List.of());
        }
        ByteBuf batch = Unpooled.wrappedBuffer(b.build());
        RawConnection.Response resp = c.call(ApiKey.PRODUCE, new ProduceRequest((short) -1, 30_000, List.of(
                new ProduceRequest.TopicData(TOPIC, List.of(new ProduceRequest.PartitionData(partition, batch))))));
        ProduceResponse.PartitionResponse r = ProduceResponse.readFrom(resp.body()).topics().get(0).partitions().get(0);
        assertEquals(ErrorCode.NONE, r.error(), r.errorMessage());
        for (int i = 0; i < values.size(); i++) {
            acked.add(new Acked(partition, r.baseOffset() + i, values.get(i)));
        }
    }

    private static Map<Long, String> readAll(RawConnection c, int partition) {
        Map<Long, String> out = new HashMap<>();
        long offset = 0;
        while (true) {
            RawConnection.Response resp = c.call(ApiKey.FETCH, new FetchRequest(-1, 0, 1, 8 << 20, List.of(
                    new FetchRequest.TopicData(TOPIC, List.of(new FetchRequest.PartitionData(partition, -1, offset, 8 << 20))))));
            FetchResponse.PartitionData d = FetchResponse.readFrom(resp.body()).topics().get(0).partitions().get(0);
            assertEquals(ErrorCode.NONE, d.error(), d.errorMessage());
            if (d.records().readableBytes() == 0) {
                return out;
            }
            for (RecordBatch batch : RecordBatch.batches(d.records().nioBuffer())) {
                assertTrue(batch.isChecksumValid());
                for (Record r : batch.records()) {
                    out.put(r.offset(), TestBatches.utf8(r.value()));
                    offset = r.offset() + 1;
                }
            }
        }
    }

    @Test
    void sigtermStopsCleanlyAndRestartKeepsData() throws Exception {
        NodeProcess node = NodeProcess.start(dataDir);
        try (RawConnection c = new RawConnection(node.port())) {
            c.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                    new CreateTopicsRequest.Topic("clean", 1, (short) 1, List.of())), 30_000, false));
            ProduceRequest request = new ProduceRequest((short) 1, 30_000, List.of(new ProduceRequest.TopicData("clean",
                    List.of(new ProduceRequest.PartitionData(0, TestBatches.of("kept"))))));
            ProduceResponse.PartitionResponse r = ProduceResponse.readFrom(c.call(ApiKey.PRODUCE, request).body())
                    .topics().get(0).partitions().get(0);
            assertEquals(ErrorCode.NONE, r.error());
        }
        assertEquals(0, node.terminate(), "SIGTERM is a clean stop");
        try (NodeProcess again = NodeProcess.start(dataDir); RawConnection c = new RawConnection(again.port())) {
            FetchResponse.PartitionData d = FetchResponse.readFrom(c.call(ApiKey.FETCH, new FetchRequest(-1, 0, 1, 1 << 20, List.of(
                    new FetchRequest.TopicData("clean", List.of(new FetchRequest.PartitionData(0, -1, 0, 1 << 20)))))).body())
                    .topics().get(0).partitions().get(0);
            List<String> values = new ArrayList<>();
            RecordBatch.batches(d.records().nioBuffer()).forEach(b -> b.records().forEach(rec -> values.add(TestBatches.utf8(rec.value()))));
            assertEquals(List.of("kept"), values, "acks=1 data survives a clean stop");
        }
    }

    @Test
    void secondNodeOnTheSameDataDirRefusesToStart() throws Exception {
        try (NodeProcess first = NodeProcess.start(dataDir)) {
            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", NodeProcess.jar().toString(), "--set", "listener.port=0", "--set", "kafka.listener.port=0", "--set", "data.dir=" + dataDir)
                    .redirectErrorStream(true).start();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "second node exits by itself");
            String out;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
                out = String.join("\n", r.lines().toList());
            }
            assertNotEquals(0, second.exitValue());
            assertTrue(out.contains("lock") || out.contains("in use"), out);
            assertTrue(first.pid() > 0);
        }
    }

    @Test
    void badConfigStopsTheStartNamingTheKey() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", NodeProcess.jar().toString(), "--set", "listener.prot=9")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue());
        assertTrue(out.contains("listener.prot"), out);
    }
}
