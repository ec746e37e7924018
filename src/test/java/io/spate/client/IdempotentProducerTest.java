package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The idempotent producer against a fake broker that follows the idempotence contract (see
 * {@link FakeBroker}) and injects faults: answers lost after the write, connections closed after the
 * write, a retriable error for one batch while later ones are in flight, OUT_OF_ORDER_SEQUENCE_NUMBER
 * and UNKNOWN_PRODUCER_ID for the first unacknowledged batch, INVALID_PRODUCER_EPOCH, a batch that
 * expires. Every run checks numbered records: none lost, none twice, each partition in order.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class IdempotentProducerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private FakeBroker broker;
    private SpateProducer producer;
    private Vertx vertx;
    private final BlockingQueue<FakeBroker.Request> held = new LinkedBlockingQueue<>();

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 3);
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            Blocking.await(producer.close(Duration.ofSeconds(5)), WAIT);
        }
    }

    /** batch.size 64: each record is a batch of its own. */
    private ProducerConfig config() {
        return new ProducerConfig().setBootstrapServers(broker.address()).setLingerMs(0).setBatchSize(64)
                .setRequestTimeoutMs(10_000).setDeliveryTimeoutMs(30_000).setRetryBackoffMs(5).setRetryBackoffMaxMs(20);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Future<RecordMetadata> send(int partition, String value) {
        return producer.send(new ProducerRecord("t", partition, null, b(value)));
    }

    private FakeBroker.Request nextHeld() throws InterruptedException {
        FakeBroker.Request r = held.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(r, "no produce request arrived");
        return r;
    }

    /** Runs on the producer's context after everything queued there before it. */
    private void barrier() {
        for (int i = 0; i < 3; i++) {
            Promise<Void> p = Promise.promise();
            producer.context().runOnContext(v -> p.complete());
            Blocking.await(p.future(), WAIT);
        }
    }

    /** The one batch of a request's one partition (an idempotent request carries one per partition). */
    private static RecordBatch onlyBatch(FakeBroker.Request r) {
        ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
        assertEquals(1, req.topics().size());
        assertEquals(1, req.topics().get(0).partitions().size());
        List<RecordBatch> batches = new ArrayList<>();
        RecordBatch.batches(req.topics().get(0).partitions().get(0).records().nioBuffer()).forEach(batches::add);
        assertEquals(1, batches.size(), "one batch per partition per request");
        return batches.get(0);
    }

    /** The fake's answer to a request, as its default Produce handler would give it. */
    private ProduceResponse appendAll(FakeBroker.Request r) {
        ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
        List<ProduceResponse.TopicResponse> topics = new ArrayList<>();
        for (ProduceRequest.TopicData t : req.topics()) {
            List<ProduceResponse.PartitionResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionData p : t.partitions()) {
                parts.add(broker.appendPartition(new TopicPartition(t.name(), p.partition()), p.records().nioBuffer()));
            }
            topics.add(new ProduceResponse.TopicResponse(t.name(), parts));
        }
        return new ProduceResponse(topics);
    }

    private List<RecordBatch> stored(TopicPartition tp) {
        return broker.log.getOrDefault(tp, List.of()).stream().map(buf -> new RecordBatch(buf, 0)).toList();
    }

    /** The partition holds exactly {@code expected}, in order: nothing lost, nothing twice. */
    private void assertLogHolds(TopicPartition tp, List<String> expected) {
        List<String> values = broker.records(tp).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertEquals(expected, values, "records of " + tp);
    }

    private static List<String> numbered(int partition, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(partition + "-" + i);
        }
        return out;
    }

    /** Sends record 0 of partition 0 and lets it be acknowledged: from then on its broker knows the producer. */
    private void firstRecordAcknowledged() throws InterruptedException {
        Future<RecordMetadata> first = send(0, "0-0");
        FakeBroker.Request r = nextHeld();
        r.respond(appendAll(r));
        assertEquals(0, Blocking.await(first, WAIT).offset());
    }

    @Test
    void fiveBatchesOfAPartitionAreInFlightEachAloneAndNumbered() throws InterruptedException {
        broker.on(ApiKey.PRODUCE, held::add);
        producer = SpateProducer.create(vertx, config());
        firstRecordAcknowledged();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            sent.add(send(0, "0-" + i));
        }
        eventually("5 batches in flight", () -> held.size() == 5);
        barrier();
        assertEquals(5, held.size(), "at most max.in.flight.requests.per.connection batches of a partition in flight");
        List<FakeBroker.Request> inFlight = new ArrayList<>(held);
        held.clear();
        long producerId = stored(TP).get(0).producerId();
        assertTrue(producerId >= 0, "the first batch carried a producer id");
        for (int i = 0; i < 5; i++) {
            RecordBatch batch = onlyBatch(inFlight.get(i));
            assertEquals(producerId, batch.producerId());
            assertEquals(0, batch.producerEpoch());
            assertEquals(i + 1, batch.baseSequence(), "the batches are numbered in send order");
        }
        broker.on(ApiKey.PRODUCE, broker::produceDefault);
        inFlight.forEach(r -> r.respond(appendAll(r)));
        for (int i = 0; i < 20; i++) {
            assertEquals(i + 1, Blocking.await(sent.get(i), WAIT).offset());
        }
        assertLogHolds(TP, numbered(0, 0, 21));
        assertEquals(1, broker.requests(ApiKey.INIT_PRODUCER_ID).size());
        InitProducerIdRequest init = InitProducerIdRequest.readFrom(broker.requests(ApiKey.INIT_PRODUCER_ID).get(0).body.duplicate());
        assertEquals(new InitProducerIdRequest(null, -1, -1L, (short) -1), init);
    }

    @Test
    void untilItsBrokerAcknowledgedTheProducerAPartitionHasOneBatchInFlight() throws InterruptedException {
        // a broker without state for the producer id takes any sequence: a later batch must not overtake
        broker.on(ApiKey.PRODUCE, held::add);
        producer = SpateProducer.create(vertx, config());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send(0, "0-" + i));
        }
        FakeBroker.Request first = nextHeld();
        barrier();
        assertEquals(0, held.size(), "nothing overtakes the first batch");
        first.respond(SpateProducerTest.ProduceAnswers.error(first, ErrorCode.NOT_LEADER_OR_FOLLOWER));
        broker.on(ApiKey.PRODUCE, broker::produceDefault);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, Blocking.await(sent.get(i), WAIT).offset());
        }
        assertLogHolds(TP, numbered(0, 0, 5));
    }

    @Test
    void aRetriableErrorForOneBatchWhileLaterOnesAreInFlightKeepsTheOrder() throws InterruptedException {
        broker.on(ApiKey.PRODUCE, held::add);
        producer = SpateProducer.create(vertx, config());
        firstRecordAcknowledged();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            sent.add(send(0, "0-" + i));
        }
        eventually("5 batches in flight", () -> held.size() == 5);
        List<FakeBroker.Request> inFlight = new ArrayList<>(held);
        held.clear();
        broker.on(ApiKey.PRODUCE, broker::produceDefault);
        // the later four reach the broker first: their sequences follow a gap, refused
        for (int i = 1; i < 5; i++) {
            inFlight.get(i).respond(appendAll(inFlight.get(i)));
        }
        assertEquals(4, broker.outOfOrder.get());
        inFlight.get(0).respond(SpateProducerTest.ProduceAnswers.error(inFlight.get(0), ErrorCode.NOT_LEADER_OR_FOLLOWER));
        for (int i = 0; i < 10; i++) {
            assertEquals(i + 1, Blocking.await(sent.get(i), WAIT).offset());
        }
        assertLogHolds(TP, numbered(0, 0, 11));
        assertTrue(stored(TP).stream().allMatch(batch -> batch.producerEpoch() == 0), "no epoch bump was needed");
        assertEquals(1, broker.requests(ApiKey.INIT_PRODUCER_ID).size());
    }

    /**
     * Numbered records to 3 partitions through every fault the fake injects, in turn: answers lost
     * after the write (the retry is a duplicate), connections closed after the write, and retriable
     * errors without a write while later batches are in flight.
     */
    @Test
    void numberedRecordsThroughFaultsAreNeitherLostNorDoubledNorReordered() {
        AtomicInteger requests = new AtomicInteger();
        broker.on(ApiKey.PRODUCE, r -> {
            int n = requests.incrementAndGet();
            if (n % 7 == 3) {
                appendAll(r); // written; the answer is lost, the request times out
            } else if (n % 11 == 5) {
                appendAll(r); // written; the connection dies before the answer
                r.socket.close();
            } else if (n % 5 == 2) {
                r.respond(SpateProducerTest.ProduceAnswers.error(r, ErrorCode.NOT_LEADER_OR_FOLLOWER));
            } else {
                r.respond(appendAll(r));
            }
        });
        // small batches, and a small max.request.size so that a full window does not grow them into a few
        // large ones: many requests, so that every fault is hit
        producer = SpateProducer.create(vertx, config().setBatchSize(120).setMaxRequestSize(240).setRequestTimeoutMs(300)
                .setReconnectBackoffMs(5).setReconnectBackoffMaxMs(20));
        int perPartition = 400;
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < perPartition; i++) {
            for (int p = 0; p < 3; p++) {
                sent.add(send(p, p + "-" + i));
            }
        }
        for (Future<RecordMetadata> f : sent) {
            Blocking.await(f, WAIT);
        }
        for (int p = 0; p < 3; p++) {
            assertLogHolds(new TopicPartition("t", p), numbered(p, 0, perPartition));
        }
        assertTrue(broker.duplicates.get() > 0, "retries of written batches were answered as duplicates");
        assertTrue(requests.get() > 20, "the faults were hit: " + requests.get() + " requests");
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"OUT_OF_ORDER_SEQUENCE_NUMBER", "UNKNOWN_PRODUCER_ID"})
    void firstUnacknowledgedBatchTheBrokerLacksStateForBumpsTheEpochAndRestartsAtZero(ErrorCode error) {
        AtomicInteger requests = new AtomicInteger();
        broker.on(ApiKey.PRODUCE, r -> {
            if (requests.incrementAndGet() == 3) {
                r.respond(SpateProducerTest.ProduceAnswers.error(r, error)); // not written
            } else {
                broker.produceDefault(r);
            }
        });
        producer = SpateProducer.create(vertx, config());
        for (int i = 0; i < 6; i++) {
            assertEquals(i, Blocking.await(send(0, "0-" + i), WAIT).offset());
        }
        assertLogHolds(TP, numbered(0, 0, 6));
        List<RecordBatch> batches = stored(TP);
        assertEquals(List.of(0, 0, 1, 1, 1, 1), batches.stream().map(x -> (int) x.producerEpoch()).toList());
        assertEquals(List.of(0, 1, 0, 1, 2, 3), batches.stream().map(RecordBatch::baseSequence).toList());
        assertEquals(1, broker.requests(ApiKey.INIT_PRODUCER_ID).size(), "a local bump, no new producer id");
    }

    @Test
    void bumpPastTheLastEpochTakesANewProducerId() {
        AtomicInteger inits = new AtomicInteger();
        broker.on(ApiKey.INIT_PRODUCER_ID, r -> r.respond(new InitProducerIdResponse(ErrorCode.NONE, null,
                500 + inits.get(), inits.getAndIncrement() == 0 ? Short.MAX_VALUE : 0)));
        AtomicInteger requests = new AtomicInteger();
        broker.on(ApiKey.PRODUCE, r -> {
            if (requests.incrementAndGet() == 2) {
                r.respond(SpateProducerTest.ProduceAnswers.error(r, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER));
            } else {
                broker.produceDefault(r);
            }
        });
        producer = SpateProducer.create(vertx, config());
        for (int i = 0; i < 4; i++) {
            Blocking.await(send(0, "0-" + i), WAIT);
        }
        assertLogHolds(TP, numbered(0, 0, 4));
        List<RecordBatch> batches = stored(TP);
        assertEquals(List.of(500L, 501L, 501L, 501L), batches.stream().map(RecordBatch::producerId).toList());
        assertEquals(List.of(0, 0, 1, 2), batches.stream().map(RecordBatch::baseSequence).toList());
        assertEquals(2, broker.requests(ApiKey.INIT_PRODUCER_ID).size());
    }

    @Test
    void invalidProducerEpochFailsTheBatchAndTheProducerGoesOnWithANewId() {
        AtomicInteger requests = new AtomicInteger();
        broker.on(ApiKey.PRODUCE, r -> {
            if (requests.incrementAndGet() == 2) {
                r.respond(SpateProducerTest.ProduceAnswers.error(r, ErrorCode.INVALID_PRODUCER_EPOCH));
            } else {
                broker.produceDefault(r);
            }
        });
        producer = SpateProducer.create(vertx, config());
        Blocking.await(send(0, "0-0"), WAIT);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(send(0, "0-1"), WAIT));
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, e.error());
        for (int i = 2; i < 5; i++) {
            Blocking.await(send(0, "0-" + i), WAIT);
        }
        assertLogHolds(TP, List.of("0-0", "0-2", "0-3", "0-4"));
        List<RecordBatch> batches = stored(TP);
        assertEquals(List.of(1000L, 1001L, 1001L, 1001L), batches.stream().map(RecordBatch::producerId).toList());
        assertEquals(List.of(0, 0, 1, 2), batches.stream().map(RecordBatch::baseSequence).toList());
        assertEquals(2, broker.requests(ApiKey.INIT_PRODUCER_ID).size());
    }

    @Test
    void anExpiredBatchLeavesAHoleThatTheNextBatchClosesByAnEpochBump() {
        broker.on(ApiKey.PRODUCE, r -> {
            RecordBatch batch = onlyBatch(r);
            if (batch.producerEpoch() == 0 && batch.baseSequence() == 1) {
                return; // never written, never answered: it expires
            }
            broker.produceDefault(r);
        });
        producer = SpateProducer.create(vertx, config().setRequestTimeoutMs(200).setDeliveryTimeoutMs(700));
        Blocking.await(send(0, "0-0"), WAIT);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(send(0, "0-1"), WAIT));
        assertTrue(e.error() == ErrorCode.REQUEST_TIMED_OUT, e.toString());
        for (int i = 2; i < 5; i++) {
            Blocking.await(send(0, "0-" + i), WAIT);
        }
        assertLogHolds(TP, List.of("0-0", "0-2", "0-3", "0-4"));
        List<RecordBatch> batches = stored(TP);
        assertEquals(List.of(0, 1, 1, 1), batches.stream().map(x -> (int) x.producerEpoch()).toList());
        assertEquals(List.of(0, 0, 1, 2), batches.stream().map(RecordBatch::baseSequence).toList());
        assertTrue(broker.outOfOrder.get() >= 1, "the hole was seen by the broker");
    }

    @Test
    void aNodeWithoutInitProducerIdFailsSendsNamingTheCause() {
        broker.on(ApiKey.INIT_PRODUCER_ID, r -> r.respondError(ErrorCode.UNSUPPORTED_VERSION,
                "api key 22 version 0 is not supported by this node"));
        producer = SpateProducer.create(vertx, config());
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(send(0, "0-0"), WAIT));
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, e.error());
        assertTrue(e.getMessage().contains("InitProducerId") && e.getMessage().contains("enable.idempotence=false"),
                e.getMessage());
        SpateException later = assertThrows(SpateException.class, () -> Blocking.await(send(1, "1-0"), WAIT));
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, later.error());
        assertEquals(0, broker.requests(ApiKey.PRODUCE).size(), "no fallback to a producer without idempotence");
    }

    @Test
    void withoutIdempotenceThereIsNoProducerIdAndOneRequestInFlightPerPartition() throws InterruptedException {
        broker.on(ApiKey.PRODUCE, held::add);
        producer = SpateProducer.create(vertx, config().setEnableIdempotence(false));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        sent.add(send(0, "0-0"));
        FakeBroker.Request first = nextHeld();
        for (int i = 1; i < 10; i++) {
            sent.add(send(0, "0-" + i));
        }
        barrier();
        assertEquals(0, held.size(), "one request in flight per partition");
        RecordBatch batch = onlyBatch(first);
        assertEquals(RecordBatch.NO_PRODUCER_ID, batch.producerId());
        assertEquals(-1, batch.baseSequence());
        broker.on(ApiKey.PRODUCE, broker::produceDefault);
        first.respond(appendAll(first));
        for (int i = 0; i < 10; i++) {
            assertEquals(i, Blocking.await(sent.get(i), WAIT).offset());
        }
        assertEquals(0, broker.requests(ApiKey.INIT_PRODUCER_ID).size());
        assertTrue(stored(TP).stream().allMatch(x -> x.producerId() == RecordBatch.NO_PRODUCER_ID));
        assertLogHolds(TP, numbered(0, 0, 10));
    }
}
