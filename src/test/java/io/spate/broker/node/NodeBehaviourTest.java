package io.spate.broker.node;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.wire.NativeProtocolTest;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeLogDirsRequest;
import io.spate.protocol.DescribeLogDirsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchResponse;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Node-level behaviour that needs its own node: timers, flush policies, restarts, the lock. */
@Timeout(60)
class NodeBehaviourTest {
    @TempDir
    Path dataDir;

    static DescribeLogDirsResponse.PartitionLog describe(RawConnection c, String topic) {
        return DescribeLogDirsResponse.readFrom(c.call(ApiKey.DESCRIBE_LOG_DIRS, new DescribeLogDirsRequest(List.of(topic))).body())
                .topics().get(0).partitions().get(0);
    }

    @Test
    void retentionTimerDeletesOldSegmentsAndMovesLogStart() {
        SpateNode node = TestNode.start(dataDir, "log.retention.check.interval.ms=50");
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "short", 1, Map.of("segment.bytes", "1024", "retention.bytes", "2048",
                    "file.delete.delay.ms", "0"));
            for (int i = 0; i < 40; i++) {
                NativeProtocolTest.produce(c, "short", 0, (short) 1, TestBatches.sized(2, 100));
            }
            // retention.bytes bounds the closed segments; the active one comes on top
            eventually(Duration.ofSeconds(20), "retention trimmed the partition",
                    () -> describe(c, "short").sizeBytes() <= 2048 + 1024);
            DescribeLogDirsResponse.PartitionLog p = describe(c, "short");
            assertEquals(80, p.logEndOffset());
            assertTrue(p.logStartOffset() > 0);
            FetchResponse.PartitionData below = NativeProtocolTest.fetch(c, "short", 0, 0, 0);
            assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, below.error());
            assertEquals(p.logStartOffset(), below.logStartOffset());
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void checkpointTimerWritesTheRecoveryPoint() throws Exception {
        SpateNode node = TestNode.start(dataDir, "log.checkpoint.interval.ms=50");
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "ckpt", 1, Map.of());
            NativeProtocolTest.produce(c, "ckpt", 0, (short) -1, TestBatches.of("a", "b", "c"));
            Path file = dataDir.resolve("ckpt-0").resolve("partition.checkpoint");
            eventually(Duration.ofSeconds(20), "the checkpoint holds recovery point 3", () -> {
                try {
                    return java.nio.file.Files.exists(file)
                            && java.nio.file.Files.readString(file).contains("recovery-point 3");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void intervalPolicyMakesWritesVisibleWithoutWaitingForFsync() {
        SpateNode node = TestNode.start(dataDir, "flush.policy=interval", "flush.interval.ms=60000");
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "fast", 1, Map.of());
            assertEquals(0, NativeProtocolTest.produce(c, "fast", 0, (short) -1, TestBatches.of("a")).baseOffset());
            assertEquals(List.of("a"), NativeProtocolTest.values(NativeProtocolTest.fetch(c, "fast", 0, 0, 0)));
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void restartKeepsTopicsConfigsAndRecords() {
        SpateNode node = TestNode.start(dataDir);
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "durable", 2, Map.of("retention.ms", "123456789"));
            NativeProtocolTest.produce(c, "durable", 1, (short) -1, TestBatches.of("one", "two"));
        } finally {
            TestNode.stop(node);
        }
        SpateNode again = TestNode.start(dataDir);
        try (RawConnection c = new RawConnection(again.port())) {
            assertEquals(List.of("one", "two"), NativeProtocolTest.values(NativeProtocolTest.fetch(c, "durable", 1, 0, 0)));
            assertEquals(2, NativeProtocolTest.produce(c, "durable", 1, (short) -1, TestBatches.of("three")).baseOffset());
            assertEquals(123456789L, again.topics().topic("durable").config().retentionMs());
        } finally {
            TestNode.stop(again);
        }
    }

    @Test
    void secondNodeOnALockedDataDirFailsToStart() {
        SpateNode node = TestNode.start(dataDir);
        try {
            RuntimeException e = assertThrows(RuntimeException.class, () -> TestNode.start(dataDir));
            assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("lock"), e.getMessage());
        } finally {
            TestNode.stop(node);
        }
    }
}
