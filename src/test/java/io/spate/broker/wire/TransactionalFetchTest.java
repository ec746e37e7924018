package io.spate.broker.wire;

import static io.spate.broker.wire.NativeProtocolTest.createTopic;
import static io.spate.broker.wire.NativeProtocolTest.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.spate.broker.node.SpateNode;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeProducersRequest;
import io.spate.protocol.DescribeProducersResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.ListOffsetsResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.WriteTxnMarkersRequest;
import io.spate.protocol.WriteTxnMarkersResponse;
import io.spate.record.RecordBatch;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on the wire, one in-process node: Fetch and ListOffsets version 1 (read_committed stops
 * at the last stable offset and lists the aborted transactions; version 0 and read_uncommitted are
 * unchanged), WriteTxnMarkers and DescribeProducers, and a producer refused INVALID_TXN_STATE.
 */
@Timeout(60)
class TransactionalFetchTest {
    private static final long P1 = 1001;
    private static final long P2 = 1002;
    @TempDir
    static Path dataDir;
    static SpateNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir);
    }

    @AfterAll
    static void stop() {
        TestNode.stop(node);
    }

    private static FetchResponse.PartitionData fetch(RawConnection c, String topic, long offset, byte isolation) {
        FetchRequest req = new FetchRequest(-1, 0, 0, 1 << 20, List.of(new FetchRequest.TopicData(topic,
                List.of(new FetchRequest.PartitionData(0, -1, offset, 1 << 20)))), isolation);
        RawConnection.Response resp = c.readResponse(c.send(ApiKey.FETCH, req.version(), req));
        assertEquals(ErrorCode.NONE, resp.header().error(), resp.header().errorMessage());
        return FetchResponse.readFrom(resp.body(), req.version()).topics().get(0).partitions().get(0);
    }

    /** Base offsets of the batches returned. */
    private static List<Long> batches(FetchResponse.PartitionData data) {
        List<Long> out = new ArrayList<>();
        for (RecordBatch b : RecordBatch.batches(data.records().nioBuffer())) {
            out.add(b.baseOffset());
        }
        return out;
    }

    private static ErrorCode marker(RawConnection c, String topic, long pid, short epoch, boolean commit, int coordEpoch) {
        RawConnection.Response resp = c.readResponse(c.send(ApiKey.WRITE_TXN_MARKERS, (short) 0, new WriteTxnMarkersRequest(
                List.of(new WriteTxnMarkersRequest.Marker(pid, epoch, commit, List.of(new TopicPartitions(topic, List.of(0))),
                        coordEpoch)))));
        assertEquals(ErrorCode.NONE, resp.header().error(), resp.header().errorMessage());
        WriteTxnMarkersResponse r = WriteTxnMarkersResponse.readFrom(resp.body());
        assertEquals(pid, r.markers().get(0).producerId());
        PartitionErrors errors = r.markers().get(0).topics().get(0);
        return errors.partitions().get(0).error();
    }

    private static long listOffset(RawConnection c, String topic, long ts, byte isolation) {
        ListOffsetsRequest req = new ListOffsetsRequest(-1,
                List.of(new ListOffsetsRequest.TopicData(topic, List.of(new ListOffsetsRequest.PartitionData(0, ts)))),
                isolation);
        RawConnection.Response resp = c.readResponse(c.send(ApiKey.LIST_OFFSETS, req.version(), req));
        ListOffsetsResponse.PartitionResponse p = ListOffsetsResponse.readFrom(resp.body()).topics().get(0).partitions().get(0);
        assertEquals(ErrorCode.NONE, p.error(), p.errorMessage());
        return p.offset();
    }

    private static io.netty.buffer.ByteBuf txn(long pid, int seq, String... values) {
        return Unpooled.wrappedBuffer(TestBatches.transactional(pid, (short) 0, seq, values));
    }

    @Test
    void readCommittedStopsAtTheLastStableOffsetAndListsTheAbortedTransactions() {
        try (RawConnection c = new RawConnection(node.port())) {
            createTopic(c, "txf", 1, Map.of());
            produce(c, "txf", 0, (short) -1, TestBatches.of("p0"));       // 0
            produce(c, "txf", 0, (short) -1, txn(P1, 0, "a1", "a2"));      // 1-2, P1 opens
            produce(c, "txf", 0, (short) -1, TestBatches.of("p3"));       // 3

            FetchResponse.PartitionData committed = fetch(c, "txf", 0, FetchRequest.READ_COMMITTED);
            assertEquals(List.of(0L), batches(committed), "only what lies below P1's open transaction");
            assertEquals(1, committed.lastStableOffset());
            assertEquals(4, committed.highWatermark());
            assertEquals(List.of(), committed.abortedTransactions());
            FetchResponse.PartitionData uncommitted = fetch(c, "txf", 0, FetchRequest.READ_UNCOMMITTED);
            assertEquals(List.of(0L, 1L, 3L), batches(uncommitted));
            assertNull(uncommitted.abortedTransactions(), "read_uncommitted (version 0) has no aborted list");
            assertEquals(List.of("p0", "a1", "a2", "p3"), NativeProtocolTest.values(uncommitted), "version 0 is unchanged");
            assertEquals(1, listOffset(c, "txf", ListOffsetsRequest.LATEST_TIMESTAMP, FetchRequest.READ_COMMITTED));
            assertEquals(4, listOffset(c, "txf", ListOffsetsRequest.LATEST_TIMESTAMP, FetchRequest.READ_UNCOMMITTED));

            assertEquals(ErrorCode.NONE, marker(c, "txf", P1, (short) 0, false, 0)); // 4: ABORT
            FetchResponse.PartitionData after = fetch(c, "txf", 0, FetchRequest.READ_COMMITTED);
            assertEquals(5, after.lastStableOffset());
            assertEquals(List.of(0L, 1L, 3L, 4L), batches(after));
            assertEquals(List.of(new FetchResponse.AbortedTransaction(P1, 1)), after.abortedTransactions());
            assertEquals(List.of(new FetchResponse.AbortedTransaction(P1, 1)),
                    fetch(c, "txf", 4, FetchRequest.READ_COMMITTED).abortedTransactions(), "its marker is in the range");
            assertEquals(5, listOffset(c, "txf", ListOffsetsRequest.LATEST_TIMESTAMP, FetchRequest.READ_COMMITTED));
        }
    }

    @Test
    void aReadCommittedLongPollWaitsForTheLastStableOffsetNotTheHighWatermark() {
        try (RawConnection c = new RawConnection(node.port()); RawConnection waiting = new RawConnection(node.port())) {
            createTopic(c, "txpoll", 1, Map.of());
            produce(c, "txpoll", 0, (short) -1, txn(P2, 0, "t"));          // 0, P2 opens
            produce(c, "txpoll", 0, (short) -1, TestBatches.of("later"));  // 1: the high watermark passes 0
            int id = waiting.send(ApiKey.FETCH, (short) 1, new FetchRequest(-1, 20_000, 1, 1 << 20, List.of(
                    new FetchRequest.TopicData("txpoll", List.of(new FetchRequest.PartitionData(0, -1, 0, 1 << 20)))),
                    FetchRequest.READ_COMMITTED));
            assertTrue(waiting.isSilentFor(500), "data below the high watermark, none below the last stable offset");
            assertEquals(ErrorCode.NONE, marker(c, "txpoll", P2, (short) 0, true, 0));
            FetchResponse.PartitionData woken = FetchResponse.readFrom(waiting.readResponse(id).body(), (short) 1)
                    .topics().get(0).partitions().get(0);
            // woken when the marker ended the transaction: the last stable offset is the high watermark again
            assertEquals(List.of(0L, 1L), batches(woken).subList(0, 2));
            assertTrue(woken.lastStableOffset() >= 2);
        }
    }

    @Test
    void aProducerInATransactionCannotWritePlainBatchesAndIsDescribed() {
        try (RawConnection c = new RawConnection(node.port())) {
            createTopic(c, "txdesc", 1, Map.of());
            produce(c, "txdesc", 0, (short) -1, txn(P1, 0, "a"));
            ErrorCode plain = produce(c, "txdesc", 0, (short) -1,
                    Unpooled.wrappedBuffer(TestBatches.idempotent(P1, (short) 0, 1, "b"))).error();
            assertEquals(ErrorCode.INVALID_TXN_STATE, plain);

            RawConnection.Response resp = c.readResponse(c.send(ApiKey.DESCRIBE_PRODUCERS, (short) 0,
                    new DescribeProducersRequest(List.of(new TopicPartitions("txdesc", List.of(0, 7))))));
            List<DescribeProducersResponse.Partition> parts = DescribeProducersResponse.readFrom(resp.body()).topics().get(0)
                    .partitions();
            assertEquals(List.of(new DescribeProducersResponse.ActiveProducer(P1, 0, 0, TestBatches.BASE_TIME, -1, 0)),
                    parts.get(0).producers());
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, parts.get(1).error());

            assertEquals(ErrorCode.NONE, marker(c, "txdesc", P1, (short) 0, true, 4));
            assertEquals(ErrorCode.TRANSACTION_COORDINATOR_FENCED, marker(c, "txdesc", P1, (short) 0, true, 3));
            assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, marker(c, "txdesc", P1, (short) -1, true, 4));
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, marker(c, "txnope", P1, (short) 0, true, 4));
        }
    }

    @Test
    void anIsolationLevelOtherThanZeroOrOneIsInvalidRequest() {
        try (RawConnection c = new RawConnection(node.port())) {
            ByteBuffer body = ByteBuffer.allocate(21).putInt(-1).putInt(0).putInt(0).putInt(1000).put((byte) 2).putInt(0);
            int id = c.sendRaw(ApiKey.FETCH.id(), (short) 1, body.array());
            assertEquals(ErrorCode.INVALID_REQUEST, c.readResponse(id).header().error());
            ByteBuffer list = ByteBuffer.allocate(9).putInt(-1).put((byte) 7).putInt(0);
            assertEquals(ErrorCode.INVALID_REQUEST, c.readResponse(c.sendRaw(ApiKey.LIST_OFFSETS.id(), (short) 1,
                    list.array())).header().error());
            // version 2 (a follower's log starts) keeps version 1's isolation level
            int v2 = c.sendRaw(ApiKey.FETCH.id(), (short) 2, body.array());
            assertEquals(ErrorCode.INVALID_REQUEST, c.readResponse(v2).header().error());
            int v3 = c.sendRaw(ApiKey.FETCH.id(), (short) 3, body.array());
            assertEquals(ErrorCode.UNSUPPORTED_VERSION, c.readResponse(v3).header().error(), "version 3 is not spoken");
        }
    }
}
