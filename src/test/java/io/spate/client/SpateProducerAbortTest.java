package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code abort.on.send.failure}: the first record that fails stops the producer; every record not
 * yet sent fails with {@link RecordNotSentException} and is never sent, while requests already in
 * flight complete with their answers. Produce requests are held until the test answers them.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class SpateProducerAbortTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakeBroker broker;
    private SpateProducer producer;
    private Vertx vertx;
    private final BlockingQueue<FakeBroker.Request> held = new LinkedBlockingQueue<>();

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 3);
        broker.on(ApiKey.PRODUCE, held::add);
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            Blocking.await(producer.close(Duration.ofSeconds(5)), WAIT);
        }
    }

    private SpateProducer producer(boolean abortOnSendFailure) {
        return SpateProducer.create(vertx, new ProducerConfig().setBootstrapServers(broker.address())
                .setEnableIdempotence(false) // the grouped producer: one request in flight per partition
                .setLingerMs(0).setBatchSize(64).setRequestTimeoutMs(10_000).setDeliveryTimeoutMs(30_000)
                .setRetryBackoffMs(10).setRetryBackoffMaxMs(50).setAbortOnSendFailure(abortOnSendFailure));
    }

    private Future<RecordMetadata> send(int partition, String value) {
        return producer.send(new ProducerRecord("t", partition, null, value.getBytes(StandardCharsets.UTF_8)));
    }

    private FakeBroker.Request nextProduce() throws InterruptedException {
        FakeBroker.Request r = held.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(r, "no produce request arrived");
        return r;
    }

    private static int partitionOf(FakeBroker.Request r) {
        ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
        assertEquals(1, req.topics().get(0).partitions().size());
        return req.topics().get(0).partitions().get(0).partition();
    }

    /** Every send made so far has reached the producer's context (its appends or refusals are done). */
    private void barrier() {
        Promise<Void> reached = Promise.promise();
        producer.context().runOnContext(v -> reached.complete());
        Blocking.await(reached.future(), WAIT);
    }

    private static RecordNotSentException notSent(Future<RecordMetadata> f) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> Blocking.await(f, WAIT));
        return assertInstanceOf(RecordNotSentException.class, e, e.toString());
    }

    @Test
    void firstFailedRecordFailsEverythingNotYetSentAndNothingMoreIsSent() throws InterruptedException {
        producer = producer(true);
        Future<RecordMetadata> first = send(0, "first");
        FakeBroker.Request request = nextProduce();
        List<Future<RecordMetadata>> behind = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            behind.add(send(0, "behind-" + i));
        }
        barrier();
        request.respond(SpateProducerTest.ProduceAnswers.error(request, ErrorCode.CORRUPT_MESSAGE));

        SpateException failure = assertThrows(SpateException.class, () -> Blocking.await(first, WAIT));
        assertEquals(ErrorCode.CORRUPT_MESSAGE, failure.error());
        for (Future<RecordMetadata> f : behind) {
            assertSame(failure, notSent(f).getCause(), "not sent because of the first failure");
        }
        assertSame(failure, notSent(send(1, "later")).getCause(), "a later send is refused the same way");
        Blocking.await(producer.flush(), WAIT);
        assertTrue(held.isEmpty(), "nothing was sent after the failure");
        assertEquals(1, broker.requests(ApiKey.PRODUCE).size());
        assertTrue(broker.records(new TopicPartition("t", 0)).isEmpty());
    }

    @Test
    void requestsInFlightOnOtherPartitionsCompleteWithTheirAnswersAndAreNotRetried() throws InterruptedException {
        producer = producer(true);
        Future<RecordMetadata> onP0 = send(0, "p0");
        FakeBroker.Request p0 = nextProduce();
        Future<RecordMetadata> onP1 = send(1, "p1");
        FakeBroker.Request p1 = nextProduce();
        Future<RecordMetadata> onP2 = send(2, "p2");
        List<FakeBroker.Request> others = List.of(p1, nextProduce());
        Future<RecordMetadata> queuedOnP1 = send(1, "p1-behind");
        barrier();
        p0.respond(SpateProducerTest.ProduceAnswers.error(p0, ErrorCode.CORRUPT_MESSAGE));
        notSent(queuedOnP1);

        for (FakeBroker.Request r : others) {
            if (partitionOf(r) == 1) {
                broker.produceDefault(r);
            } else {
                r.respond(SpateProducerTest.ProduceAnswers.error(r, ErrorCode.NOT_LEADER_OR_FOLLOWER));
            }
        }
        assertEquals(0, Blocking.await(onP1, WAIT).offset(), "acknowledged: it was in flight");
        SpateException p2Error = assertThrows(SpateException.class, () -> Blocking.await(onP2, WAIT));
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, p2Error.error(), "its own answer, not retried");
        assertThrows(SpateException.class, () -> Blocking.await(onP0, WAIT));
        Blocking.await(producer.flush(), WAIT);
        assertTrue(held.isEmpty(), "no retry, nothing new");
    }

    @Test
    void groupRefusedAsTooLargeAfterTheStopIsNotSplitAndItsRecordsAreNotSent() throws InterruptedException {
        producer = producer(true);
        Future<RecordMetadata> onP0 = send(0, "p0");
        FakeBroker.Request p0 = nextProduce();
        Future<RecordMetadata> firstOnP1 = send(1, "p1");
        FakeBroker.Request p1 = nextProduce();
        List<Future<RecordMetadata>> groupOnP1 = List.of(send(1, "p1-a"), send(1, "p1-b"));
        barrier();
        broker.produceDefault(p1);
        assertEquals(0, Blocking.await(firstOnP1, WAIT).offset());
        FakeBroker.Request group = nextProduce();
        p0.respond(SpateProducerTest.ProduceAnswers.error(p0, ErrorCode.CORRUPT_MESSAGE));
        SpateException failure = assertThrows(SpateException.class, () -> Blocking.await(onP0, WAIT));

        group.respond(SpateProducerTest.ProduceAnswers.error(group, ErrorCode.MESSAGE_TOO_LARGE));
        for (Future<RecordMetadata> f : groupOnP1) {
            assertSame(failure, notSent(f).getCause(), "not split and resent: the producer stopped");
        }
        Blocking.await(producer.flush(), WAIT);
        assertTrue(held.isEmpty());
    }

    @Test
    void recordRefusedByTheProducerItselfAbortsToo() throws InterruptedException {
        producer = producer(true);
        Future<RecordMetadata> inFlight = send(0, "in-flight");
        FakeBroker.Request request = nextProduce();
        Future<RecordMetadata> queued = send(0, "queued");
        Future<RecordMetadata> tooLarge = producer.send(new ProducerRecord("t", 0, null,
                new byte[ProducerConfig.DEFAULT_MAX_REQUEST_SIZE]));
        Future<RecordMetadata> after = send(0, "after");

        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(tooLarge, WAIT));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, e.error());
        assertSame(e, notSent(queued).getCause());
        assertSame(e, notSent(after).getCause());
        broker.produceDefault(request);
        assertEquals(0, Blocking.await(inFlight, WAIT).offset());
        Blocking.await(producer.flush(), WAIT);
        assertTrue(held.isEmpty());
    }

    @Test
    void withoutTheOptionEachRecordFailsOnItsOwn() throws InterruptedException {
        producer = producer(false);
        Future<RecordMetadata> first = send(0, "first");
        FakeBroker.Request request = nextProduce();
        Future<RecordMetadata> behind = send(0, "behind");
        barrier();
        request.respond(SpateProducerTest.ProduceAnswers.error(request, ErrorCode.CORRUPT_MESSAGE));
        assertThrows(SpateException.class, () -> Blocking.await(first, WAIT));
        broker.produceDefault(nextProduce());
        assertEquals(0, Blocking.await(behind, WAIT).offset());
    }
}
