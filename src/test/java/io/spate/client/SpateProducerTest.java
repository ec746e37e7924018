package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.Header;
import io.spate.record.Record;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class SpateProducerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakeBroker broker;
    private SpateProducer producer;
    private Vertx vertx;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 1).topic("multi", 8);
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            Blocking.await(producer.close(Duration.ofSeconds(5)), WAIT);
        }
    }

    /** Strict linger (send.when.idle off): the batching tests hold records back with a long linger.ms. */
    private ProducerConfig config() {
        return new ProducerConfig().setBootstrapServers(broker.address()).setLingerMs(0).setSendWhenIdle(false)
                .setRequestTimeoutMs(5_000).setDeliveryTimeoutMs(20_000).setRetryBackoffMs(10).setRetryBackoffMaxMs(50);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sendsRecordsAndReportsTheirOffsets() {
        producer = SpateProducer.create(vertx, config());
        List<Header> headers = List.of(new Header("h", b("v")), new Header("n", null));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(producer.send(new ProducerRecord("t", null, 1_000L + i, b("k" + i), b("v" + i), headers)));
        }
        for (int i = 0; i < 10; i++) {
            RecordMetadata md = Blocking.await(sent.get(i), WAIT);
            assertEquals(new TopicPartition("t", 0), md.topicPartition());
            assertEquals(i, md.offset());
            assertEquals(1_000L + i, md.timestamp());
        }
        List<Record> log = broker.records(new TopicPartition("t", 0));
        assertEquals(10, log.size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(b("k" + i), log.get(i).key());
            assertArrayEquals(b("v" + i), log.get(i).value());
            assertEquals(1_000L + i, log.get(i).timestamp());
            assertEquals(headers, log.get(i).headers());
        }
    }

    @Test
    void keyedRecordsGoWhereKafkasPartitionerSendsThem() {
        producer = SpateProducer.create(vertx, config());
        for (int i = 0; i < 50; i++) {
            byte[] key = b("key-" + i);
            RecordMetadata md = Blocking.await(producer.send(new ProducerRecord("multi", key, b("v"))), WAIT);
            assertEquals(Utils.toPositive(Utils.murmur2(key)) % 8, md.topicPartition().partition(), "key-" + i);
        }
    }

    @Test
    void explicitPartitionWins() {
        producer = SpateProducer.create(vertx, config());
        RecordMetadata md = Blocking.await(producer.send(new ProducerRecord("multi", 5, b("k"), b("v"))), WAIT);
        assertEquals(5, md.topicPartition().partition());
    }

    @Test
    void nullKeysStickToOnePartitionUntilItsBatchIsFullThenMove() {
        // each record is ~30 bytes in a batch; batch.size 200 holds a handful; a long linger keeps batches open
        producer = SpateProducer.create(vertx, config().setBatchSize(200).setLingerMs(60_000).setDeliveryTimeoutMs(120_000));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(producer.send(new ProducerRecord("multi", null, b("value-" + i))));
        }
        Blocking.await(producer.flush(), WAIT);
        List<Integer> partitions = new ArrayList<>();
        for (Future<RecordMetadata> f : sent) {
            partitions.add(Blocking.await(f, WAIT).topicPartition().partition());
        }
        List<Integer> runs = new ArrayList<>();
        int run = 1;
        for (int i = 1; i < partitions.size(); i++) {
            if (partitions.get(i).equals(partitions.get(i - 1))) {
                run++;
            } else {
                runs.add(run);
                run = 1;
                assertNotEquals(partitions.get(i), partitions.get(i - 1));
            }
        }
        runs.add(run);
        assertTrue(runs.size() > 1, "moved to another partition at least once: " + partitions);
        for (int i = 0; i < runs.size() - 1; i++) {
            assertTrue(runs.get(i) > 1, "a full batch per partition before moving: " + partitions);
        }
    }

    @Test
    void lingeringRecordsOfManyPartitionsGoInOneRequest() {
        producer = SpateProducer.create(vertx, config().setLingerMs(60_000).setDeliveryTimeoutMs(120_000));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < 5; i++) {
                sent.add(producer.send(new ProducerRecord("multi", p, b("k"), b("v" + i))));
            }
        }
        Blocking.await(producer.flush(), WAIT);
        sent.forEach(f -> assertTrue(f.succeeded()));
        List<FakeBroker.Request> produces = broker.requests(ApiKey.PRODUCE);
        assertEquals(1, produces.size(), "one request for all partitions");
        ProduceRequest req = ProduceRequest.readFrom(produces.get(0).body.duplicate());
        assertEquals(4, req.topics().get(0).partitions().size());
        for (int p = 0; p < 4; p++) {
            assertEquals(5, broker.records(new TopicPartition("multi", p)).size());
        }
    }

    @Test
    void toALeaderWithNothingInFlightARecordGoesAtOnceDespiteLinger() {
        producer = SpateProducer.create(vertx, config().setSendWhenIdle(true).setLingerMs(600_000)
                .setDeliveryTimeoutMs(700_000));
        RecordMetadata md = Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT);
        assertEquals(0, md.offset(), "acknowledged without a flush, long before linger.ms");
    }

    @Test
    void whileARequestIsInFlightRecordsLingerThenGoTogetherWhenItReturns() {
        List<FakeBroker.Request> held = new CopyOnWriteArrayList<>();
        broker.on(ApiKey.PRODUCE, held::add); // unanswered until released below
        producer = SpateProducer.create(vertx, config().setSendWhenIdle(true).setLingerMs(600_000)
                .setDeliveryTimeoutMs(700_000));
        Future<RecordMetadata> first = producer.send(new ProducerRecord("t", b("k"), b("first")));
        eventually("the first record sent at once", () -> held.size() == 1);
        List<Future<RecordMetadata>> behind = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            behind.add(producer.send(new ProducerRecord("t", b("k"), b("behind-" + i))));
        }
        assertEquals(1, held.size(), "the records behind it linger while the request is in flight");
        broker.on(ApiKey.PRODUCE, broker::produceDefault); // answer from now on, and the held one
        broker.produceDefault(held.get(0));
        eventually("the five went in one request once the pipe emptied", () -> behind.stream().allMatch(Future::succeeded));
        assertTrue(first.succeeded());
        List<FakeBroker.Request> produces = broker.requests(ApiKey.PRODUCE);
        assertEquals(2, produces.size(), "two requests in all");
        ProduceRequest second = ProduceRequest.readFrom(produces.get(1).body.duplicate());
        assertEquals(1, second.topics().get(0).partitions().size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), behind.stream().map(f -> f.result().offset()).toList());
    }

    @Test
    void fullBatchIsSentWithoutWaitingForLinger() {
        producer = SpateProducer.create(vertx, config().setLingerMs(600_000).setDeliveryTimeoutMs(700_000).setBatchSize(100));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(producer.send(new ProducerRecord("t", b("k"), b("value-" + i))));
        }
        // without flush: only full batches leave; the first one must complete
        Blocking.await(sent.get(0), WAIT);
        assertTrue(broker.requests(ApiKey.PRODUCE).size() >= 1);
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void compressedBatchesArriveIntact(CompressionType type) {
        producer = SpateProducer.create(vertx, config().setCompressionType(type).setLingerMs(60_000).setDeliveryTimeoutMs(120_000));
        for (int i = 0; i < 20; i++) {
            producer.send(new ProducerRecord("t", b("k" + i), b("some value " + i)));
        }
        Blocking.await(producer.flush(), WAIT);
        List<Record> log = broker.records(new TopicPartition("t", 0));
        assertEquals(20, log.size());
        assertArrayEquals(b("some value 19"), log.get(19).value());
        ProduceRequest req = ProduceRequest.readFrom(broker.requests(ApiKey.PRODUCE).get(0).body.duplicate());
        java.nio.ByteBuffer bytes = req.topics().get(0).partitions().get(0).records().nioBuffer();
        assertEquals(type.id(), new io.spate.record.RecordBatch(bytes, 0).compressionId());
    }

    @Test
    void retriableErrorsAreRetriedAfterAMetadataRefresh() {
        AtomicInteger failures = new AtomicInteger(2);
        broker.on(ApiKey.PRODUCE, r -> {
            if (failures.getAndDecrement() > 0) {
                r.respond(ProduceAnswers.error(r, ErrorCode.NOT_LEADER_OR_FOLLOWER));
            } else {
                broker.produceDefault(r);
            }
        });
        producer = SpateProducer.create(vertx, config());
        RecordMetadata md = Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT);
        assertEquals(0, md.offset());
        assertEquals(3, broker.requests(ApiKey.PRODUCE).size());
        assertTrue(broker.requests(ApiKey.METADATA).size() >= 2, "metadata refreshed after the error");
    }

    @Test
    void nonRetriableErrorFailsTheRecordWithTheBrokersMessage() {
        broker.on(ApiKey.PRODUCE, r -> r.respond(ProduceAnswers.error(r, ErrorCode.CORRUPT_MESSAGE)));
        producer = SpateProducer.create(vertx, config());
        SpateException e = assertThrows(SpateException.class,
                () -> Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT));
        assertEquals(ErrorCode.CORRUPT_MESSAGE, e.error());
        assertTrue(e.getMessage().contains("fake says"), e.getMessage());
        assertEquals(1, broker.requests(ApiKey.PRODUCE).size());
    }

    @Test
    void retriesNeverReorderAPartition() {
        AtomicInteger failures = new AtomicInteger(3);
        broker.on(ApiKey.PRODUCE, r -> {
            if (failures.getAndDecrement() > 0) {
                r.respond(ProduceAnswers.error(r, ErrorCode.NOT_ENOUGH_REPLICAS));
            } else {
                broker.produceDefault(r);
            }
        });
        producer = SpateProducer.create(vertx, config().setBatchSize(64).setMaxInFlight(5));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(producer.send(new ProducerRecord("t", b("k"), b("v" + i))));
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(i, Blocking.await(sent.get(i), WAIT).offset());
        }
        List<Record> log = broker.records(new TopicPartition("t", 0));
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(b("v" + i), log.get(i).value());
        }
    }

    @Test
    void unansweredRequestTimesOutAndIsRetried() {
        AtomicInteger silent = new AtomicInteger(1);
        broker.on(ApiKey.PRODUCE, r -> {
            if (silent.getAndDecrement() <= 0) {
                broker.produceDefault(r);
            }
        });
        producer = SpateProducer.create(vertx, config().setRequestTimeoutMs(300).setDeliveryTimeoutMs(10_000));
        RecordMetadata md = Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT);
        assertEquals(0, md.offset());
        assertEquals(2, broker.requests(ApiKey.PRODUCE).size());
    }

    @Test
    void disconnectFailsInFlightRequestsRetriablyAndTheProducerReconnects() {
        AtomicInteger drops = new AtomicInteger(1);
        broker.on(ApiKey.PRODUCE, r -> {
            if (drops.getAndDecrement() > 0) {
                r.socket.close();
            } else {
                broker.produceDefault(r);
            }
        });
        producer = SpateProducer.create(vertx, config());
        RecordMetadata md = Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT);
        assertEquals(0, md.offset());
        assertEquals(2, broker.requests(ApiKey.PRODUCE).size());
    }

    @Test
    void deliveryTimeoutBoundsRetries() {
        broker.on(ApiKey.PRODUCE, r -> r.respond(ProduceAnswers.error(r, ErrorCode.NOT_ENOUGH_REPLICAS)));
        producer = SpateProducer.create(vertx, config().setRequestTimeoutMs(100).setDeliveryTimeoutMs(400));
        SpateException e = assertThrows(SpateException.class,
                () -> Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT));
        assertTrue(e.error() == ErrorCode.NOT_ENOUGH_REPLICAS || e.error() == ErrorCode.REQUEST_TIMED_OUT, e.toString());
        assertTrue(broker.requests(ApiKey.PRODUCE).size() > 1, "retried before giving up");
    }

    @Test
    void retriesZeroMeansOneAttempt() {
        broker.on(ApiKey.PRODUCE, r -> r.respond(ProduceAnswers.error(r, ErrorCode.NOT_ENOUGH_REPLICAS)));
        producer = SpateProducer.create(vertx, config().setRetries(0));
        SpateException e = assertThrows(SpateException.class,
                () -> Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT));
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, e.error());
        assertEquals(1, broker.requests(ApiKey.PRODUCE).size());
    }

    @Test
    void recordAboveMaxRequestSizeFailsWithoutBeingSent() {
        producer = SpateProducer.create(vertx, config());
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(
                producer.send(new ProducerRecord("t", b("k"), new byte[ProducerConfig.DEFAULT_MAX_REQUEST_SIZE])), WAIT));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, e.error());
        assertTrue(e.getMessage().contains("max.request.size"), e.getMessage());
        Blocking.await(producer.flush(), WAIT);
        assertTrue(broker.requests(ApiKey.PRODUCE).isEmpty());
    }

    @Test
    void fullBufferMakesSendWaitUntilSpaceFrees() {
        List<FakeBroker.Request> held = new CopyOnWriteArrayList<>();
        broker.on(ApiKey.PRODUCE, held::add);
        producer = SpateProducer.create(vertx, config().setBufferMemory(4_096).setBatchSize(1_024));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(producer.send(new ProducerRecord("t", b("k"), new byte[200])));
        }
        // the budget admits ~14 records; they are sent at once (memory pressure) and held unanswered
        eventually("first produce held", () -> !held.isEmpty());
        long used = Blocking.await(onContext(() -> producer.usedMemory()), WAIT);
        assertTrue(used <= 4_096, "used " + used);
        assertFalse(sent.get(39).isComplete(), "the last send waits for memory");
        // answer everything from now on: the waiting sends go through in order
        broker.on(ApiKey.PRODUCE, broker::produceDefault);
        held.forEach(broker::produceDefault);
        for (int i = 0; i < 40; i++) {
            assertEquals(i, Blocking.await(sent.get(i), WAIT).offset());
        }
    }

    @Test
    void sendWaitingForMemoryFailsAfterMaxBlock() {
        broker.on(ApiKey.PRODUCE, r -> { });
        producer = SpateProducer.create(vertx, config().setBufferMemory(1_024).setMaxBlockMs(200));
        Future<RecordMetadata> first = producer.send(new ProducerRecord("t", b("k"), new byte[800]));
        Future<RecordMetadata> second = producer.send(new ProducerRecord("t", b("k"), new byte[800]));
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(second, WAIT));
        assertEquals(ErrorCode.REQUEST_TIMED_OUT, e.error());
        assertTrue(e.getMessage().contains("buffer.memory"), e.getMessage());
        assertFalse(first.isComplete());
        Blocking.await(producer.close(Duration.ofMillis(50)), WAIT);
        producer = null;
    }

    @Test
    void unknownTopicFailsAfterMaxBlock() {
        producer = SpateProducer.create(vertx, config().setMaxBlockMs(300));
        SpateException e = assertThrows(SpateException.class,
                () -> Blocking.await(producer.send(new ProducerRecord("nope", b("v"))), WAIT));
        assertTrue(e.error() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION || e.error() == ErrorCode.REQUEST_TIMED_OUT,
                e.toString());
    }

    @Test
    void acksZeroGetsNoResponseAndReportsUnknownOffsets() {
        producer = SpateProducer.create(vertx, config().setAcks((short) 0));
        RecordMetadata md = Blocking.await(producer.send(new ProducerRecord("t", b("k"), b("v"))), WAIT);
        assertEquals(RecordMetadata.UNKNOWN_OFFSET, md.offset());
        eventually("record appended", () -> broker.records(new TopicPartition("t", 0)).size() == 1);
        ProduceRequest req = ProduceRequest.readFrom(broker.requests(ApiKey.PRODUCE).get(0).body.duplicate());
        assertEquals(0, req.acks());
    }

    @Test
    void closeDeliversQueuedRecordsThenRefusesSends() {
        producer = SpateProducer.create(vertx, config().setLingerMs(60_000).setDeliveryTimeoutMs(120_000));
        Future<RecordMetadata> queued = producer.send(new ProducerRecord("t", b("k"), b("v")));
        Blocking.await(producer.close(), WAIT);
        assertEquals(0, queued.result().offset());
        Future<RecordMetadata> late = producer.send(new ProducerRecord("t", b("k"), b("v")));
        assertThrows(IllegalStateException.class, () -> Blocking.await(late, WAIT));
        producer = null;
    }

    @Test
    void closeWithTimeoutFailsWhatCouldNotBeDelivered() {
        broker.on(ApiKey.PRODUCE, r -> { });
        producer = SpateProducer.create(vertx, config());
        Future<RecordMetadata> stuck = producer.send(new ProducerRecord("t", b("k"), b("v")));
        eventually("produce sent", () -> !broker.requests(ApiKey.PRODUCE).isEmpty());
        Blocking.await(producer.close(Duration.ofMillis(100)), WAIT);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(stuck, WAIT));
        assertEquals(ErrorCode.NETWORK_EXCEPTION, e.error());
        producer = null;
    }

    @Test
    void ownVertxIsClosedWithTheProducer() {
        SpateProducer own = SpateProducer.create(config());
        assertEquals(0, Blocking.await(own.send(new ProducerRecord("t", b("k"), b("v"))), WAIT).offset());
        Blocking.await(own.close(), WAIT);
        assertThrows(IllegalStateException.class,
                () -> Blocking.await(own.send(new ProducerRecord("t", b("v"))), WAIT));
        Blocking.await(own.flush(), WAIT);
        Blocking.await(own.close(), WAIT);
    }

    private <T> Future<T> onContext(java.util.function.Supplier<T> s) {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        producer.context().runOnContext(v -> p.complete(s.get()));
        return p.future();
    }

    /** Builders of Produce answers for scripted handlers. */
    static final class ProduceAnswers {
        static ProduceResponse error(FakeBroker.Request r, ErrorCode error) {
            ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
            List<ProduceResponse.TopicResponse> topics = new ArrayList<>();
            for (ProduceRequest.TopicData t : req.topics()) {
                topics.add(new ProduceResponse.TopicResponse(t.name(), t.partitions().stream()
                        .map(p -> new ProduceResponse.PartitionResponse(p.partition(), error, "fake says " + error,
                                -1, -1, -1)).toList()));
            }
            return new ProduceResponse(topics);
        }
    }
}
