package io.spate.broker.core;

import static io.spate.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.common.Time;
import io.spate.log.LogConfig;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.testing.SmallFileSystem;
import io.spate.testing.TestBatches;
import io.spate.testing.TestRecord;
import io.spate.transport.LoopContext;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition on a full disk: producers get KAFKA_STORAGE_ERROR, consumers keep reading what was
 * acknowledged, a checkpoint that cannot be written leaves the partition serving, and writes resume
 * by themselves when space returns. And a partition whose log went offline for a real fault still
 * serves consumers what it acknowledged (offline for writes is not offline for reads).
 */
@Timeout(30)
class PartitionWriterStorageFaultTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path tmp;
    private Vertx vertx = Vertx.vertx();
    private SmallFileSystem fs;
    private PartitionWriter writer;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (writer != null) {
                await(writer.close(ErrorCode.NOT_LEADER_OR_FOLLOWER));
            }
            await(vertx.close());
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    private PartitionWriter open(Path dir, LogConfig config) {
        PartitionLog log = PartitionLog.open(dir, "orders", 0, config, Time.SYSTEM, true);
        return new PartitionWriter(TP, LoopContext.create(vertx), log, FlushPolicy.ACKS_ALL, true, Time.SYSTEM);
    }

    private AppendResult append(ByteBuffer batch) {
        return await(writer.append(batch, (short) -1));
    }

    private List<String> readValues() {
        PartitionRead read = await(writer.read(0, 1 << 20, true, false));
        assertEquals(ErrorCode.NONE, read.error(), read.errorMessage());
        return TestBatches.records(read.records().toByteBuffer()).stream().map(TestRecord::value).toList();
    }

    @Test
    void aFullDiskRefusesWritesKeepsReadsAndWritesResumeWhenSpaceReturns() throws Exception {
        fs = SmallFileSystem.mount(tmp, 4);
        writer = open(fs.dir().resolve("orders-0"), LogConfig.defaults());
        for (int i = 0; i < 3; i++) {
            assertEquals(ErrorCode.NONE, append(TestBatches.batch("v" + i + "-", 100)).error());
        }
        fs.fill();
        assertTrue(await(writer.checkpoint().map(false).otherwise(true)), "the checkpoint cannot be written");
        assertEquals(List.of("v0-0", "v1-0", "v2-0"), readValues(), "the partition still serves");
        ByteBuffer big = TestBatches.batch("big" + "x".repeat(256 * 1024), 100);
        AppendResult refused = append(big);
        assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, refused.error());
        assertTrue(refused.errorMessage().contains("No space left on device"), refused.errorMessage());
        assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, append(big).error(), "still full: refused again");
        assertEquals(List.of("v0-0", "v1-0", "v2-0"), readValues(), "what was acknowledged stays readable");

        fs.free();
        AppendResult resumed = append(big);
        assertEquals(ErrorCode.NONE, resumed.error(), resumed.errorMessage());
        assertEquals(3, resumed.baseOffset());
        await(writer.checkpoint());
        assertEquals(4, readValues().size());
    }

    @Test
    void aLogThatWentOfflineStillServesWhatItAcknowledged() throws Exception {
        Path dir = tmp.resolve("orders-0");
        int size = TestBatches.batch("v0-", 100).remaining();
        writer = open(dir, LogConfig.from(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(size * 2)), LogConfig.defaults()));
        assertEquals(ErrorCode.NONE, append(TestBatches.batch("v0-", 100)).error());
        assertEquals(ErrorCode.NONE, append(TestBatches.batch("v1-", 100)).error());
        // the directory vanishes (open files stay readable): the next roll fails for good, not for lack of space
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, append(TestBatches.batch("v2-", 100)).error());
        assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, append(TestBatches.batch("v3-", 100)).error(), "offline for writes");
        assertEquals(List.of("v0-0", "v1-0"), readValues(), "not offline for reads");
    }
}
