package io.spate.broker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.broker.node.SpateNode;
import io.spate.protocol.ApiKey;
import io.spate.protocol.CreatePartitionsRequest;
import io.spate.protocol.CreatePartitionsResponse;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.CreateTopicsResponse;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.DescribeLogDirsRequest;
import io.spate.protocol.DescribeLogDirsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.ListOffsetsResponse;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.record.CompressionType;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native protocol end to end through the TCP listener of one in-process node: ordering,
 * long-poll, every error code, and garbage that must leave the node serving.
 */
@Timeout(60)
public class NativeProtocolTest {
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

    static RawConnection connect() {
        return new RawConnection(node.port());
    }

    public static void createTopic(RawConnection c, String name, int partitions, Map<String, String> configs) {
        CreateTopicsResponse r = createTopicResponse(c, name, partitions, (short) 1, configs);
        assertEquals(ErrorCode.NONE, r.topics().get(0).error(), String.valueOf(r.topics().get(0).errorMessage()));
    }

    static CreateTopicsResponse createTopicResponse(RawConnection c, String name, int partitions, short rf, Map<String, String> configs) {
        List<CreateTopicsRequest.Config> cfg = configs.entrySet().stream()
                .map(e -> new CreateTopicsRequest.Config(e.getKey(), e.getValue())).toList();
        RawConnection.Response resp = c.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(
                List.of(new CreateTopicsRequest.Topic(name, partitions, rf, cfg)), 30_000, false));
        assertEquals(ErrorCode.NONE, resp.header().error());
        return CreateTopicsResponse.readFrom(resp.body());
    }

    public static ProduceResponse.PartitionResponse produce(RawConnection c, String topic, int partition, short acks, ByteBuf batch) {
        RawConnection.Response resp = c.call(ApiKey.PRODUCE, new ProduceRequest(acks, 30_000, List.of(
                new ProduceRequest.TopicData(topic, List.of(new ProduceRequest.PartitionData(partition, batch))))));
        assertEquals(ErrorCode.NONE, resp.header().error(), resp.header().errorMessage());
        return ProduceResponse.readFrom(resp.body()).topics().get(0).partitions().get(0);
    }

    public static FetchResponse.PartitionData fetch(RawConnection c, String topic, int partition, long offset, int maxWaitMs) {
        RawConnection.Response resp = c.call(ApiKey.FETCH, new FetchRequest(-1, maxWaitMs, 1, 1 << 20, List.of(
                new FetchRequest.TopicData(topic, List.of(new FetchRequest.PartitionData(partition, -1, offset, 1 << 20))))));
        assertEquals(ErrorCode.NONE, resp.header().error(), resp.header().errorMessage());
        return FetchResponse.readFrom(resp.body()).topics().get(0).partitions().get(0);
    }

    public static List<Record> records(FetchResponse.PartitionData data) {
        List<Record> out = new ArrayList<>();
        ByteBuffer buf = data.records().nioBuffer();
        for (RecordBatch b : RecordBatch.batches(buf)) {
            assertTrue(b.isChecksumValid());
            out.addAll(b.records());
        }
        return out;
    }

    public static List<String> values(FetchResponse.PartitionData data) {
        return records(data).stream().map(r -> TestBatches.utf8(r.value())).toList();
    }

    @Test
    void produceThenFetchKeepsOrderAndAssignsOffsets() {
        try (RawConnection c = connect()) {
            createTopic(c, "ordered", 2, Map.of());
            assertEquals(0, produce(c, "ordered", 0, (short) -1, TestBatches.of("a", "b")).baseOffset());
            assertEquals(2, produce(c, "ordered", 0, (short) 1, TestBatches.of("c")).baseOffset());
            assertEquals(0, produce(c, "ordered", 1, (short) -1, TestBatches.of(CompressionType.ZSTD, 5, "x", "y")).baseOffset());
            // an acks=1 answer may come before the fsync that makes "c" visible to consumers (the high watermark)
            io.spate.testing.Eventually.eventually(java.time.Duration.ofSeconds(10), "c below the high watermark",
                    () -> records(fetch(c, "ordered", 0, 0, 0)).size() == 3);
            List<Record> p0 = records(fetch(c, "ordered", 0, 0, 0));
            assertEquals(List.of("a", "b", "c"), p0.stream().map(r -> TestBatches.utf8(r.value())).toList());
            assertEquals(List.of(0L, 1L, 2L), p0.stream().map(Record::offset).toList());
            assertEquals(List.of("x", "y"), values(fetch(c, "ordered", 1, 0, 0)));
            assertEquals(List.of("c"), values(fetch(c, "ordered", 0, 2, 0)), "offset 2 starts its own batch");
        }
    }

    @Test
    void fetchFromMiddleOfBatchReturnsTheWholeBatch() {
        try (RawConnection c = connect()) {
            createTopic(c, "middle", 1, Map.of());
            produce(c, "middle", 0, (short) -1, TestBatches.of("a", "b", "c"));
            List<Record> r = records(fetch(c, "middle", 0, 1, 0));
            assertEquals(0L, r.get(0).offset(), "the batch containing offset 1 starts at 0; the client skips below");
        }
    }

    @Test
    void parkedFetchIsWokenByAnAppend() throws Exception {
        try (RawConnection consumer = connect(); RawConnection producer = connect()) {
            createTopic(producer, "longpoll", 1, Map.of());
            // max wait far longer than the test timeout: only an append can answer this in time
            CompletableFuture<FetchResponse.PartitionData> parked = CompletableFuture.supplyAsync(
                    () -> fetch(consumer, "longpoll", 0, 0, 600_000));
            assertFalse(parked.isDone());
            produce(producer, "longpoll", 0, (short) -1, TestBatches.of("wake"));
            assertEquals(List.of("wake"), values(parked.get()));
        }
    }

    @Test
    void fetchWithNothingNewWaitsAndAnswersEmpty() {
        try (RawConnection c = connect()) {
            createTopic(c, "quiet", 1, Map.of());
            FetchResponse.PartitionData d = fetch(c, "quiet", 0, 0, 50);
            assertEquals(ErrorCode.NONE, d.error());
            assertEquals(0, d.records().readableBytes());
        }
    }

    @Test
    void unknownTopicOrPartitionIsAnError() {
        try (RawConnection c = connect()) {
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, produce(c, "nope", 0, (short) -1, TestBatches.of("a")).error());
            createTopic(c, "one-partition", 1, Map.of());
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, produce(c, "one-partition", 7, (short) 1, TestBatches.of("a")).error());
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, fetch(c, "nope", 0, 0, 0).error());
        }
    }

    @Test
    void corruptBatchIsRejectedAndNothingIsAppended() {
        try (RawConnection c = connect()) {
            createTopic(c, "corrupt", 1, Map.of());
            ByteBuf bad = TestBatches.of("a", "b");
            bad.setByte(bad.writerIndex() - 1, bad.getByte(bad.writerIndex() - 1) ^ 0x5a); // inside the CRC'd range
            assertEquals(ErrorCode.CORRUPT_MESSAGE, produce(c, "corrupt", 0, (short) -1, bad).error());
            ByteBuf badLength = TestBatches.of("a");
            badLength.setInt(RecordBatch.LENGTH_OFFSET, 1_000_000);
            assertEquals(ErrorCode.CORRUPT_MESSAGE, produce(c, "corrupt", 0, (short) -1, badLength).error());
            assertEquals(0, produce(c, "corrupt", 0, (short) -1, TestBatches.of("ok")).baseOffset());
        }
    }

    @Test
    void recordCountMismatchIsInvalidRecord() {
        try (RawConnection c = connect()) {
            createTopic(c, "count", 1, Map.of());
            ByteBuf batch = TestBatches.of("a", "b");
            batch.setInt(RecordBatch.RECORDS_COUNT_OFFSET, 3);
            batch.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 2);
            ByteBuffer nio = batch.nioBuffer();
            batch.setInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.crc32c(nio, RecordBatch.ATTRIBUTES_OFFSET,
                    batch.readableBytes() - RecordBatch.ATTRIBUTES_OFFSET));
            ProduceResponse.PartitionResponse r = produce(c, "count", 0, (short) -1, batch);
            assertTrue(r.error() == ErrorCode.INVALID_RECORD || r.error() == ErrorCode.CORRUPT_MESSAGE, r.error().name());
            assertEquals(0, produce(c, "count", 0, (short) -1, TestBatches.of("ok")).baseOffset());
        }
    }

    @Test
    void controlOrProducerlessTransactionalBatchIsRefusedAndNothingIsAppended() {
        try (RawConnection c = connect()) {
            createTopic(c, "txn", 2, Map.of());
            // one request: partition 0 gets a transactional batch without a producer id, partition 1 a plain one
            RawConnection.Response resp = c.call(ApiKey.PRODUCE, new ProduceRequest((short) -1, 30_000, List.of(
                    new ProduceRequest.TopicData("txn", List.of(
                            new ProduceRequest.PartitionData(0, withAttributeBits(TestBatches.of("t1", "t2"), RecordBatch.TRANSACTIONAL_FLAG_MASK)),
                            new ProduceRequest.PartitionData(1, TestBatches.of("plain")))))));
            assertEquals(ErrorCode.NONE, resp.header().error(), resp.header().errorMessage());
            List<ProduceResponse.PartitionResponse> parts = ProduceResponse.readFrom(resp.body()).topics().get(0).partitions();
            assertEquals(ErrorCode.INVALID_RECORD, parts.get(0).error(), parts.get(0).errorMessage());
            assertEquals(ErrorCode.NONE, parts.get(1).error(), "the other partition of the request is unaffected");
            assertEquals(List.of("plain"), values(fetch(c, "txn", 1, 0, 0)));

            ProduceResponse.PartitionResponse control = produce(c, "txn", 0, (short) -1,
                    withAttributeBits(TestBatches.of("c"), RecordBatch.CONTROL_FLAG_MASK));
            assertEquals(ErrorCode.INVALID_RECORD, control.error(), control.errorMessage());
            ProduceResponse.PartitionResponse both = produce(c, "txn", 0, (short) 1,
                    withAttributeBits(TestBatches.of("c"), RecordBatch.CONTROL_FLAG_MASK | RecordBatch.TRANSACTIONAL_FLAG_MASK));
            assertEquals(ErrorCode.INVALID_RECORD, both.error(), both.errorMessage());
            // a refused batch after a good one in the same payload refuses the whole payload
            ByteBuf mixed = Unpooled.wrappedBuffer(TestBatches.of("good").nioBuffer(),
                    withAttributeBits(TestBatches.of("bad"), RecordBatch.TRANSACTIONAL_FLAG_MASK).nioBuffer());
            assertEquals(ErrorCode.INVALID_RECORD, produce(c, "txn", 0, (short) -1, mixed).error());

            assertEquals(0, listOffset(c, "txn", -1), "the log end did not move");
            assertEquals(0, produce(c, "txn", 0, (short) -1, TestBatches.of("ok")).baseOffset());
        }
    }

    /** {@code batch} with {@code bits} set in its attributes and its CRC recomputed. */
    static ByteBuf withAttributeBits(ByteBuf batch, int bits) {
        batch.setShort(RecordBatch.ATTRIBUTES_OFFSET, batch.getShort(RecordBatch.ATTRIBUTES_OFFSET) | bits);
        batch.setInt(RecordBatch.CRC_OFFSET, (int) RecordBatch.crc32c(batch.nioBuffer(), RecordBatch.ATTRIBUTES_OFFSET,
                batch.readableBytes() - RecordBatch.ATTRIBUTES_OFFSET));
        return batch;
    }

    @Test
    void batchAboveMaxMessageBytesIsTooLarge() {
        try (RawConnection c = connect()) {
            createTopic(c, "small", 1, Map.of("max.message.bytes", "1024"));
            assertEquals(ErrorCode.MESSAGE_TOO_LARGE, produce(c, "small", 0, (short) -1, TestBatches.sized(4, 600)).error());
            assertEquals(0, produce(c, "small", 0, (short) -1, TestBatches.sized(1, 100)).baseOffset());
        }
    }

    @Test
    void acksAllBelowMinInSyncReplicasIsNotEnoughReplicas() {
        try (RawConnection c = connect()) {
            createTopic(c, "strict", 1, Map.of("min.insync.replicas", "2"));
            assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, produce(c, "strict", 0, (short) -1, TestBatches.of("a")).error());
            assertEquals(0, produce(c, "strict", 0, (short) 1, TestBatches.of("b")).baseOffset(), "acks=1 does not need the ISR");
        }
    }

    @Test
    void invalidAcksIsARequestError() {
        try (RawConnection c = connect()) {
            createTopic(c, "acks", 1, Map.of());
            RawConnection.Response r = c.call(ApiKey.PRODUCE, new ProduceRequest((short) 2, 1000, List.of(
                    new ProduceRequest.TopicData("acks", List.of(new ProduceRequest.PartitionData(0, TestBatches.of("a")))))));
            assertEquals(ErrorCode.INVALID_REQUIRED_ACKS, r.header().error());
        }
    }

    @Test
    void acksZeroGetsNoAnswerButIsStored() {
        try (RawConnection c = connect()) {
            createTopic(c, "fire", 1, Map.of());
            c.send(ApiKey.PRODUCE, (short) 0, new ProduceRequest((short) 0, 1000, List.of(
                    new ProduceRequest.TopicData("fire", List.of(new ProduceRequest.PartitionData(0, TestBatches.of("f")))))));
            // the next answer on the connection is the metadata one: nothing came for the produce
            int id = c.send(ApiKey.METADATA, (short) 0, new MetadataRequest(List.of("fire"), false));
            assertEquals(id, c.readFrame().header().correlationId());
            assertEquals(List.of("f"), values(fetch(c, "fire", 0, 0, 5_000)));
        }
    }

    @Test
    void offsetOutOfRangeGivesTheValidRange() {
        try (RawConnection c = connect()) {
            createTopic(c, "range", 1, Map.of());
            produce(c, "range", 0, (short) -1, TestBatches.of("a", "b"));
            FetchResponse.PartitionData d = fetch(c, "range", 0, 99, 0);
            assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, d.error());
            assertEquals(0, d.logStartOffset());
            assertEquals(2, d.highWatermark());
        }
    }

    @Test
    void listOffsetsEarliestLatestAndByTime() {
        try (RawConnection c = connect()) {
            createTopic(c, "times", 1, Map.of());
            produce(c, "times", 0, (short) -1, TestBatches.of(CompressionType.NONE, 1_000, "old"));
            produce(c, "times", 0, (short) -1, TestBatches.of(CompressionType.NONE, 2_000, "new"));
            assertEquals(0, listOffset(c, "times", -2));
            assertEquals(2, listOffset(c, "times", -1));
            assertEquals(1, listOffset(c, "times", 1_500));
            assertEquals(-1, listOffset(c, "times", 9_000));
        }
    }

    static long listOffset(RawConnection c, String topic, long ts) {
        RawConnection.Response r = c.call(ApiKey.LIST_OFFSETS, new ListOffsetsRequest(-1, List.of(
                new ListOffsetsRequest.TopicData(topic, List.of(new ListOffsetsRequest.PartitionData(0, ts))))));
        ListOffsetsResponse.PartitionResponse p = ListOffsetsResponse.readFrom(r.body()).topics().get(0).partitions().get(0);
        assertEquals(ErrorCode.NONE, p.error());
        return p.offset();
    }

    @Test
    void createTopicErrorsHaveTheirOwnCodes() {
        try (RawConnection c = connect()) {
            createTopic(c, "exists", 1, Map.of());
            assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, createTopicResponse(c, "exists", 1, (short) 1, Map.of()).topics().get(0).error());
            assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, createTopicResponse(c, "bad/name", 1, (short) 1, Map.of()).topics().get(0).error());
            assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, createTopicResponse(c, "x".repeat(250), 1, (short) 1, Map.of()).topics().get(0).error());
            assertEquals(ErrorCode.INVALID_PARTITIONS, createTopicResponse(c, "zero", 0, (short) 1, Map.of()).topics().get(0).error());
            assertEquals(ErrorCode.INVALID_REPLICATION_FACTOR, createTopicResponse(c, "rf3", 1, (short) 3, Map.of()).topics().get(0).error());
            CreateTopicsResponse badConfig = createTopicResponse(c, "cfg", 1, (short) 1, Map.of("retention.ms", "soon"));
            assertEquals(ErrorCode.INVALID_CONFIG, badConfig.topics().get(0).error());
            assertTrue(badConfig.topics().get(0).errorMessage().contains("retention.ms"));
            MetadataResponse md = MetadataResponse.readFrom(c.call(ApiKey.METADATA, new MetadataRequest(List.of("zero", "cfg"), true)).body());
            md.topics().forEach(t -> assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, t.error(), "failed creates leave nothing"));
        }
    }

    @Test
    void addPartitionsAndDeleteTopic() throws Exception {
        try (RawConnection c = connect()) {
            createTopic(c, "grow", 1, Map.of());
            CreatePartitionsResponse grown = CreatePartitionsResponse.readFrom(c.call(ApiKey.CREATE_PARTITIONS,
                    new CreatePartitionsRequest(List.of(new CreatePartitionsRequest.Topic("grow", 3)), 1000, false)).body());
            assertEquals(ErrorCode.NONE, grown.topics().get(0).error());
            assertEquals(0, produce(c, "grow", 2, (short) -1, TestBatches.of("p2")).baseOffset());
            CreatePartitionsResponse shrink = CreatePartitionsResponse.readFrom(c.call(ApiKey.CREATE_PARTITIONS,
                    new CreatePartitionsRequest(List.of(new CreatePartitionsRequest.Topic("grow", 2)), 1000, false)).body());
            assertEquals(ErrorCode.INVALID_PARTITIONS, shrink.topics().get(0).error());

            c.call(ApiKey.DELETE_TOPICS, new DeleteTopicsRequest(List.of("grow"), 1000));
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, produce(c, "grow", 0, (short) -1, TestBatches.of("gone")).error());
            try (var dirs = Files.list(dataDir)) {
                assertTrue(dirs.noneMatch(p -> p.getFileName().toString().startsWith("grow-") && !p.getFileName().toString().contains("delete")));
            }
        }
    }

    @Test
    void describeLogDirsShowsOffsetsAndSize() {
        try (RawConnection c = connect()) {
            createTopic(c, "sizes", 1, Map.of());
            produce(c, "sizes", 0, (short) -1, TestBatches.of("a", "b", "c"));
            DescribeLogDirsResponse r = DescribeLogDirsResponse.readFrom(c.call(ApiKey.DESCRIBE_LOG_DIRS,
                    new DescribeLogDirsRequest(List.of("sizes"))).body());
            DescribeLogDirsResponse.PartitionLog p = r.topics().get(0).partitions().get(0);
            assertEquals(3, p.logEndOffset());
            assertEquals(3, p.highWatermark());
            assertTrue(p.sizeBytes() > RecordBatch.HEADER_SIZE);
        }
    }

    @Test
    void unknownApiKeyIsUnsupportedVersionAndConnectionStays() {
        try (RawConnection c = connect()) {
            int id = c.sendRaw((short) 999, (short) 0, new byte[0]);
            assertEquals(ErrorCode.UNSUPPORTED_VERSION, c.readResponse(id).header().error());
            int v = c.sendRaw(ApiKey.METADATA.id(), (short) 42, new byte[0]);
            assertEquals(ErrorCode.UNSUPPORTED_VERSION, c.readResponse(v).header().error());
            assertEquals(ErrorCode.NONE, c.call(ApiKey.METADATA, new MetadataRequest(null, false)).header().error());
        }
    }

    @Test
    void malformedBodyIsInvalidRequestAndConnectionStays() {
        try (RawConnection c = connect()) {
            int id = c.sendRaw(ApiKey.PRODUCE.id(), (short) 0, new byte[] {0, 1, 0, 0, 0, 10, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertEquals(ErrorCode.INVALID_REQUEST, c.readResponse(id).header().error());
            assertEquals(ErrorCode.NONE, c.call(ApiKey.METADATA, new MetadataRequest(null, false)).header().error());
        }
    }

    /** Fetch version 2: a follower's log start per partition, answered in version 1's layout; out of range refused. */
    @Test
    void fetchVersion2CarriesALogStartThatMustLieBelowTheFetchOffset() {
        try (RawConnection c = connect()) {
            createTopic(c, "v2", 1, Map.of());
            produce(c, "v2", 0, (short) -1, TestBatches.of("a"));
            FetchRequest ok = fetchV2(0, 0);
            RawConnection.Response answered = c.readResponse(c.send(ApiKey.FETCH, ok.version(), ok));
            assertEquals(ErrorCode.NONE, answered.header().error(), answered.header().errorMessage());
            FetchResponse.PartitionData p = FetchResponse.readFrom(answered.body(), (short) 2).topics().get(0).partitions().get(0);
            assertEquals(ErrorCode.NONE, p.error());
            for (long badLogStart : new long[] {-2, 1}) {
                FetchRequest bad = fetchV2(0, badLogStart);
                RawConnection.Response r = c.readResponse(c.send(ApiKey.FETCH, bad.version(), bad));
                assertEquals(ErrorCode.INVALID_REQUEST, r.header().error(), "log_start_offset " + badLogStart);
                assertTrue(r.header().errorMessage().contains("log_start_offset"), r.header().errorMessage());
            }
        }
    }

    private static FetchRequest fetchV2(long fetchOffset, long logStart) {
        return new FetchRequest(-1, 0, 1, 1 << 20, List.of(new FetchRequest.TopicData("v2",
                List.of(new FetchRequest.PartitionData(0, -1, fetchOffset, logStart, 1 << 20)))));
    }

    @Test
    void trailingBytesAfterTheBodyAreInvalidRequest() {
        try (RawConnection c = connect()) {
            int id = c.sendRaw(ApiKey.API_VERSIONS.id(), (short) 0, new byte[] {1, 2, 3});
            assertEquals(ErrorCode.INVALID_REQUEST, c.readResponse(id).header().error());
        }
    }

    @Test
    void absurdFrameSizeClosesOnlyThatConnection() {
        try (RawConnection bad = connect(); RawConnection good = connect()) {
            bad.writeBytes(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            assertTrue(bad.isClosedByPeer(10_000));
            assertEquals(ErrorCode.NONE, good.call(ApiKey.METADATA, new MetadataRequest(null, false)).header().error());
        }
    }

    @Test
    void garbageBytesNeverTakeTheNodeDown() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20; i++) {
            try (RawConnection bad = connect()) {
                byte[] junk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(junk);
                bad.writeBytes(junk);
            }
        }
        try (RawConnection c = connect()) {
            createTopic(c, "survivor", 1, Map.of());
            assertEquals(0, produce(c, "survivor", 0, (short) -1, TestBatches.of("alive")).baseOffset());
            assertEquals(List.of("alive"), values(fetch(c, "survivor", 0, 0, 0)));
        }
    }
}
