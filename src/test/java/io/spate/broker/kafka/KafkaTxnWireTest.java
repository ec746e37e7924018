package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.SpateAdmin;
import io.spate.testing.Eventually;
import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddOffsetsToTxnResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.requests.DescribeTransactionsRequest;
import org.apache.kafka.common.requests.DescribeTransactionsResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ListTransactionsRequest;
import org.apache.kafka.common.requests.ListTransactionsResponse;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction APIs of the Kafka listener request by request, in versions kafka-clients 4.1 would
 * not send (the older clients' ones) and with input it would not send: the error paths, the version
 * rules (PRODUCER_FENCED only to versions that know it), and what ApiVersions advertises. Spate only:
 * committed offsets are read through the native protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KafkaTxnWireTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaCompat.Target target;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false", "transaction.state.log.num.partitions=3",
                "offsets.topic.num.partitions=2");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", target.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("wire", 2, (short) 1))).all().get();
        }
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void apiVersionsAdvertiseTheClassicTransactionProtocolAndNoTransactionVersionFeature() throws Exception {
        ApiVersionsResponseData v = RawKafkaRequests.apiVersions(target.bootstrap());
        assertRange(v, ApiKeys.INIT_PRODUCER_ID, 0, 5);
        assertRange(v, ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 3);
        assertRange(v, ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4);
        assertRange(v, ApiKeys.END_TXN, 0, 4);
        assertRange(v, ApiKeys.TXN_OFFSET_COMMIT, 0, 4);
        assertRange(v, ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0);
        assertRange(v, ApiKeys.LIST_TRANSACTIONS, 0, 1);
        assertRange(v, ApiKeys.DESCRIBE_PRODUCERS, 0, 0);
        assertRange(v, ApiKeys.WRITE_TXN_MARKERS, 1, 1);
        assertRange(v, ApiKeys.FIND_COORDINATOR, 0, 6);
        // without transaction.version 2 clients keep to AddPartitionsToTxn and epoch-per-producer (no KIP-890)
        assertTrue(v.finalizedFeatures().find("transaction.version") == null, v.toString());
    }

    @Test
    void findCoordinatorAnswersOneKeyBeforeV4AndSeveralFromV4() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            awaitTxnCoordinator(raw, "find");
            FindCoordinatorResponse v0 = raw.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                    .setKey("a-group")), 0);
            assertEquals(Errors.NONE.code(), v0.data().errorCode());
            assertEquals(target.bootstrap(), v0.data().host() + ":" + v0.data().port());
            FindCoordinatorResponse v6 = raw.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                    .setKeyType(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id())
                    .setCoordinatorKeys(List.of("find", ""))), 6);
            List<FindCoordinatorResponseData.Coordinator> cs = v6.data().coordinators();
            assertEquals(List.of("find", ""), cs.stream().map(FindCoordinatorResponseData.Coordinator::key).toList());
            assertEquals(Errors.NONE.code(), cs.get(0).errorCode());
            assertEquals(target.bootstrap(), cs.get(0).host() + ":" + cs.get(0).port());
            // an empty key has a coordinator too, as in Kafka 4.1 (the APIs that take the id refuse "")
            assertEquals(Errors.NONE.code(), cs.get(1).errorCode());
            FindCoordinatorResponse badType = raw.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                    .setKeyType((byte) 7).setKey("x")), 3);
            assertEquals(Errors.INVALID_REQUEST.code(), badType.data().errorCode());
        }
    }

    @Test
    void initProducerIdNamingOnlyOneOfProducerIdAndEpochIsRefused() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            awaitTxnCoordinator(raw, "half");
            InitProducerIdResponse r = raw.send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId("half").setTransactionTimeoutMs(60_000).setProducerId(5).setProducerEpoch((short) -1)), 3);
            assertEquals(Errors.INVALID_REQUEST.code(), r.data().errorCode());
            // nothing was created for it
            DescribeTransactionsResponse d = raw.send(new DescribeTransactionsRequest.Builder(
                    new DescribeTransactionsRequestData().setTransactionalIds(List.of("half"))), 0);
            assertEquals(Errors.TRANSACTIONAL_ID_NOT_FOUND.code(), d.data().transactionStates().get(0).errorCode());
        }
    }

    @Test
    void addPartitionsNamingAnUnknownPartitionAddsNothing() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            InitProducerIdResponseData pid = initProducerId(raw, "unknown-part", 0);
            AddPartitionsToTxnResponse r = raw.send(AddPartitionsToTxnRequest.Builder.forClient("unknown-part",
                    pid.producerId(), pid.producerEpoch(), List.of(new TopicPartition("wire", 0),
                            new TopicPartition("wire", 9), new TopicPartition("no-such-topic", 0))), 0);
            Map<String, Short> errors = errors(r.data());
            assertEquals(Map.of("wire-0", Errors.OPERATION_NOT_ATTEMPTED.code(), "wire-9",
                    Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), "no-such-topic-0", Errors.UNKNOWN_TOPIC_OR_PARTITION.code()), errors);
            DescribeTransactionsResponseData.TransactionState s = describe(raw, "unknown-part");
            assertEquals("Empty", s.transactionState());
            assertTrue(s.topics().isEmpty(), s.toString());

            AddPartitionsToTxnResponse ok = raw.send(AddPartitionsToTxnRequest.Builder.forClient("unknown-part",
                    pid.producerId(), pid.producerEpoch(), List.of(new TopicPartition("wire", 1))), 3);
            assertEquals(Map.of("wire-1", Errors.NONE.code()), errors(ok.data()));
            assertEquals("Ongoing", describe(raw, "unknown-part").transactionState());
        }
    }

    @Test
    void aFencedProducerGetsTheErrorItsRequestVersionKnows() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            InitProducerIdResponseData first = initProducerId(raw, "fenced", 2);
            InitProducerIdResponseData second = initProducerId(raw, "fenced", 4);
            assertEquals(first.producerId(), second.producerId());
            assertEquals(first.producerEpoch() + 1, second.producerEpoch());
            List<TopicPartition> wire0 = List.of(new TopicPartition("wire", 0));
            for (int v : new int[] {1, 3}) {
                AddPartitionsToTxnResponse r = raw.send(AddPartitionsToTxnRequest.Builder.forClient("fenced",
                        first.producerId(), first.producerEpoch(), wire0), v);
                assertEquals(v < 2 ? Errors.INVALID_PRODUCER_EPOCH.code() : Errors.PRODUCER_FENCED.code(),
                        errors(r.data()).get("wire-0"), "AddPartitionsToTxn v" + v);
            }
            for (int v : new int[] {1, 4}) {
                EndTxnResponse r = raw.send(new EndTxnRequest.Builder(new EndTxnRequestData().setTransactionalId("fenced")
                        .setProducerId(first.producerId()).setProducerEpoch(first.producerEpoch()).setCommitted(true), false), v);
                assertEquals(v < 2 ? Errors.INVALID_PRODUCER_EPOCH.code() : Errors.PRODUCER_FENCED.code(),
                        r.data().errorCode(), "EndTxn v" + v);
                AddOffsetsToTxnResponse o = raw.send(new AddOffsetsToTxnRequest.Builder(new AddOffsetsToTxnRequestData()
                        .setTransactionalId("fenced").setProducerId(first.producerId())
                        .setProducerEpoch(first.producerEpoch()).setGroupId("g")), v);
                assertEquals(v < 2 ? Errors.INVALID_PRODUCER_EPOCH.code() : Errors.PRODUCER_FENCED.code(),
                        o.data().errorCode(), "AddOffsetsToTxn v" + v);
            }
            // InitProducerId v3 naming an id this transactional id never had: fenced (v3 predates PRODUCER_FENCED)
            InitProducerIdResponse stranger = raw.send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId("fenced").setTransactionTimeoutMs(60_000)
                    .setProducerId(second.producerId() + 1000).setProducerEpoch((short) 0)), 3);
            assertEquals(Errors.INVALID_PRODUCER_EPOCH.code(), stranger.data().errorCode());
            InitProducerIdResponse strangerV4 = raw.send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId("fenced").setTransactionTimeoutMs(60_000)
                    .setProducerId(second.producerId() + 1000).setProducerEpoch((short) 0)), 4);
            assertEquals(Errors.PRODUCER_FENCED.code(), strangerV4.data().errorCode());
        }
    }

    @Test
    void addOffsetsWithAnEmptyGroupIdIsRefused() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            InitProducerIdResponseData pid = initProducerId(raw, "empty-group", 4);
            AddOffsetsToTxnResponse r = raw.send(new AddOffsetsToTxnRequest.Builder(new AddOffsetsToTxnRequestData()
                    .setTransactionalId("empty-group").setProducerId(pid.producerId())
                    .setProducerEpoch(pid.producerEpoch()).setGroupId("")), 4);
            assertEquals(Errors.INVALID_GROUP_ID.code(), r.data().errorCode());
            assertEquals("Empty", describe(raw, "empty-group").transactionState());
        }
    }

    /** A whole transaction in the oldest versions (librdkafka, KafkaJS): TxnOffsetCommit v0 has no member or generation. */
    @Test
    void offsetsCommittedInAVersionZeroTransactionAppearWithItsCommit() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            InitProducerIdResponseData pid = initProducerId(raw, "old-offsets", 0);
            AddOffsetsToTxnResponse added = raw.send(new AddOffsetsToTxnRequest.Builder(new AddOffsetsToTxnRequestData()
                    .setTransactionalId("old-offsets").setProducerId(pid.producerId())
                    .setProducerEpoch(pid.producerEpoch()).setGroupId("old-group")), 0);
            assertEquals(Errors.NONE.code(), added.data().errorCode());
            TxnOffsetCommitResponse committed = raw.send(new TxnOffsetCommitRequest.Builder(new TxnOffsetCommitRequestData()
                    .setTransactionalId("old-offsets").setGroupId("old-group").setProducerId(pid.producerId())
                    .setProducerEpoch(pid.producerEpoch()).setTopics(List.of(new TxnOffsetCommitRequestData
                            .TxnOffsetCommitRequestTopic().setName("wire").setPartitions(List.of(
                            new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition().setPartitionIndex(1)
                                    .setCommittedOffset(42).setCommittedMetadata("m")))))), 0);
            assertEquals(Errors.NONE.code(), committed.data().topics().get(0).partitions().get(0).errorCode());
            assertEquals(Map.of(), committedOffsets("old-group")); // not before the commit marker
            EndTxnResponse end = raw.send(new EndTxnRequest.Builder(new EndTxnRequestData().setTransactionalId("old-offsets")
                    .setProducerId(pid.producerId()).setProducerEpoch(pid.producerEpoch()).setCommitted(true), false), 0);
            assertEquals(Errors.NONE.code(), end.data().errorCode());
            Eventually.eventually(WAIT, "the offset committed", () -> Map.of(new TopicPartition("wire", 1), 42L)
                    .equals(committedOffsets("old-group")));
        }
    }

    @Test
    void listTransactionsFiltersByStateAndByDurationFromV1() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            InitProducerIdResponseData pid = initProducerId(raw, "listed", 4);
            raw.send(AddPartitionsToTxnRequest.Builder.forClient("listed", pid.producerId(), pid.producerEpoch(),
                    List.of(new TopicPartition("wire", 0))), 3);
            ListTransactionsResponse all = raw.send(new ListTransactionsRequest.Builder(new ListTransactionsRequestData()
                    .setStateFilters(List.of("Ongoing", "NoSuchState"))), 0);
            assertEquals(List.of("NoSuchState"), all.data().unknownStateFilters());
            ListTransactionsResponseData.TransactionState listed = all.data().transactionStates().stream()
                    .filter(t -> t.transactionalId().equals("listed")).findFirst().orElseThrow();
            assertEquals(pid.producerId(), listed.producerId());
            assertEquals("Ongoing", listed.transactionState());
            ListTransactionsResponse old = raw.send(new ListTransactionsRequest.Builder(new ListTransactionsRequestData()
                    .setDurationFilter(Duration.ofHours(1).toMillis())), 1);
            assertTrue(old.data().transactionStates().stream().noneMatch(t -> t.transactionalId().equals("listed")),
                    old.data().toString());
            raw.send(new EndTxnRequest.Builder(new EndTxnRequestData().setTransactionalId("listed")
                    .setProducerId(pid.producerId()).setProducerEpoch(pid.producerEpoch()).setCommitted(false), false), 4);
        }
    }

    @Test
    void partitionRequestsForUnknownPartitionsOrWithoutAProducerAreRefused() throws Exception {
        try (RawKafkaRequests raw = new RawKafkaRequests(target.bootstrap())) {
            DescribeProducersResponse d = raw.send(new DescribeProducersRequest.Builder(new DescribeProducersRequestData()
                    .setTopics(List.of(new DescribeProducersRequestData.TopicRequest().setName("no-such-topic")
                            .setPartitionIndexes(List.of(0))))), 0);
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), d.data().topics().get(0).partitions().get(0).errorCode());
            WriteTxnMarkersResponse w = raw.send(new WriteTxnMarkersRequest.Builder(new WriteTxnMarkersRequestData()
                    .setMarkers(List.of(new WriteTxnMarkersRequestData.WritableTxnMarker().setProducerId(-1)
                            .setProducerEpoch((short) 0).setTransactionResult(false).setCoordinatorEpoch(0)
                            .setTopics(List.of(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic().setName("wire")
                                    .setPartitionIndexes(List.of(0))))))), 1);
            assertEquals(Map.of(Errors.INVALID_REQUEST, 1), w.errorCounts());
        }
    }

    private static void assertRange(ApiVersionsResponseData v, ApiKeys key, int min, int max) {
        ApiVersionsResponseData.ApiVersion a = v.apiKeys().find(key.id);
        assertNotNull(a, key + " is not advertised");
        assertEquals(min + ".." + max, a.minVersion() + ".." + a.maxVersion(), key.toString());
    }

    /** Waits until the coordinator of {@code id} is known (the first lookup creates __transaction_state). */
    private static void awaitTxnCoordinator(RawKafkaRequests raw, String id) {
        Eventually.eventually(WAIT, "a transaction coordinator for " + id, () -> {
            try {
                FindCoordinatorResponse r = raw.send(new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                        .setKeyType(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id()).setKey(id)), 3);
                return r.data().errorCode() == Errors.NONE.code();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static InitProducerIdResponseData initProducerId(RawKafkaRequests raw, String id, int version) {
        awaitTxnCoordinator(raw, id);
        InitProducerIdResponseData[] out = new InitProducerIdResponseData[1];
        Eventually.eventually(WAIT, "a producer id for " + id, () -> {
            try {
                out[0] = raw.<InitProducerIdResponse>send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                        .setTransactionalId(id).setTransactionTimeoutMs(60_000)), version).data();
                return out[0].errorCode() == Errors.NONE.code();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return out[0];
    }

    private static DescribeTransactionsResponseData.TransactionState describe(RawKafkaRequests raw, String id) throws Exception {
        DescribeTransactionsResponse d = raw.send(new DescribeTransactionsRequest.Builder(
                new DescribeTransactionsRequestData().setTransactionalIds(List.of(id))), 0);
        DescribeTransactionsResponseData.TransactionState s = d.data().transactionStates().get(0);
        assertEquals(Errors.NONE.code(), s.errorCode(), s.toString());
        return s;
    }

    private static Map<String, Short> errors(AddPartitionsToTxnResponseData data) {
        return data.resultsByTopicV3AndBelow().stream().flatMap(t -> t.resultsByPartition().stream()
                        .map(p -> Map.entry(t.name() + "-" + p.partitionIndex(), p.partitionErrorCode())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The group's committed offsets, from the same coordinator through the native protocol. */
    private Map<TopicPartition, Long> committedOffsets(String group) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(target.node().address()));
        try {
            return admin.listGroupOffsets(group).toCompletionStage().toCompletableFuture().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> new TopicPartition(e.getKey().topic(), e.getKey().partition()),
                            e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            admin.close();
        }
    }
}
