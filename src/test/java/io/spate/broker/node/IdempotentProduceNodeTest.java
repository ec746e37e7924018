package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.spate.broker.wire.NativeProtocolTest;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idempotent producer's batches through a node's native listener: a retried batch gets the base
 * offset of its first copy and is stored once, also after a restart; a gap and an old epoch get their
 * wire errors; producer state expires on the node's timer.
 */
@Timeout(60)
class IdempotentProduceNodeTest {
    private static final long PID = 4000;
    @TempDir
    Path dir;
    private SpateNode node;

    @AfterEach
    void stop() {
        TestNode.stop(node);
    }

    private static ProduceResponse.PartitionResponse produce(RawConnection c, ByteBuffer batch) {
        ProduceResponse r = ProduceResponse.readFrom(c.call(ApiKey.PRODUCE, new ProduceRequest((short) -1, 10_000,
                List.of(new ProduceRequest.TopicData("orders", List.of(new ProduceRequest.PartitionData(0,
                        Unpooled.wrappedBuffer(batch))))))).body());
        return r.topics().get(0).partitions().get(0);
    }

    private static ByteBuffer batch(short epoch, int baseSequence, String... values) {
        return TestBatches.idempotent(PID, epoch, baseSequence, values);
    }

    @Test
    void aRetriedBatchIsStoredOnceAndAnsweredWithItsFirstOffsetAlsoAfterARestart() {
        node = TestNode.start(dir);
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "orders", 1, Map.of());
            assertEquals(0, produce(c, TestBatches.batch("plain", 1)).baseOffset());
            ProduceResponse.PartitionResponse first = produce(c, batch((short) 0, 0, "a", "b"));
            assertEquals(ErrorCode.NONE, first.error());
            assertEquals(1, first.baseOffset());
            ProduceResponse.PartitionResponse retry = produce(c, batch((short) 0, 0, "a", "b"));
            assertEquals(ErrorCode.NONE, retry.error());
            assertEquals(1, retry.baseOffset());
            // one copy: the next record takes offset 3
            assertEquals(3, produce(c, batch((short) 0, 2, "c")).baseOffset());

            ProduceResponse.PartitionResponse gap = produce(c, batch((short) 0, 5, "x"));
            assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
            assertTrue(gap.errorMessage().contains("orders-0") && gap.errorMessage().contains("producer " + PID),
                    gap.errorMessage());
            assertEquals(-1, gap.baseOffset());
            produce(c, batch((short) 1, 0, "d")); // epoch 1 from sequence 0
            assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, produce(c, batch((short) 0, 3, "e")).error());
            assertEquals(ErrorCode.INVALID_RECORD, produce(c, TestBatches.concat(batch((short) 1, 1, "f"),
                    batch((short) 1, 2, "g"))).error());
        }
        TestNode.stop(node);
        node = TestNode.start(dir);
        try (RawConnection c = new RawConnection(node.port())) {
            ProduceResponse.PartitionResponse retry = produce(c, batch((short) 1, 0, "d"));
            assertEquals(ErrorCode.NONE, retry.error());
            assertEquals(4, retry.baseOffset());
            assertEquals(5, produce(c, TestBatches.batch("plain", 1)).baseOffset(), "nothing written twice");
        }
    }

    @Test
    void producerStateExpiresOnTheNodesTimer() {
        node = TestNode.start(dir, "producer.id.expiration.ms=200", "producer.id.expiration.check.interval.ms=50");
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "orders", 1, Map.of());
            assertEquals(ErrorCode.NONE, produce(c, batch((short) 0, 0, "a")).error());
            // a gap is refused while the producer is known, taken once its state expired
            Eventually.eventually("the producer's state expires", () -> produce(c, batch((short) 0, 9, "b")).error() == ErrorCode.NONE);
        }
    }
}
