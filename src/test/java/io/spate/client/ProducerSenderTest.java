package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client-side group commit: every queued batch of a partition goes in its one in-flight request,
 * offsets follow from the one base offset, and a failed group is retried whole and in order; a group
 * refused as too large is split, and only a record too large alone fails.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ProducerSenderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int RECORDS = 30;
    private FakeBroker broker;
    private SpateProducer producer;
    private Vertx vertx;
    private final BlockingQueue<FakeBroker.Request> held = new LinkedBlockingQueue<>();

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 1);
        broker.on(ApiKey.PRODUCE, held::add);
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            Blocking.await(producer.close(Duration.ofSeconds(5)), WAIT);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private FakeBroker.Request nextProduce() throws InterruptedException {
        FakeBroker.Request r = held.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(r, "no produce request arrived");
        return r;
    }

    private static ByteBuffer recordsOf(FakeBroker.Request r) {
        ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
        assertEquals(1, req.topics().size());
        assertEquals(1, req.topics().get(0).partitions().size(), "one entry for the partition");
        return req.topics().get(0).partitions().get(0).records().nioBuffer();
    }

    /** Sends record 0 (its request is held), then 1..29 behind it while it is in flight. */
    private List<Future<RecordMetadata>> sendBehindAHeldRequest() throws InterruptedException {
        producer = SpateProducer.create(vertx, new ProducerConfig().setBootstrapServers(broker.address())
                .setEnableIdempotence(false) // groups of batches are the non-idempotent producer's
                .setLingerMs(0).setBatchSize(64).setRequestTimeoutMs(10_000).setDeliveryTimeoutMs(30_000)
                .setRetryBackoffMs(10).setRetryBackoffMaxMs(50));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        sent.add(producer.send(new ProducerRecord("t", 0, null, b("v0"))));
        FakeBroker.Request first = nextProduce();
        for (int i = 1; i < RECORDS; i++) {
            sent.add(producer.send(new ProducerRecord("t", 0, null, b("v" + i))));
        }
        // a barrier on the producer's context: every send above is appended when it runs
        Promise<Void> appended = Promise.promise();
        producer.context().runOnContext(v -> appended.complete());
        Blocking.await(appended.future(), WAIT);
        assertTrue(held.isEmpty(), "nothing else of the partition leaves while its request is in flight");
        broker.produceDefault(first);
        return sent;
    }

    @Test
    void queuedBatchesOfAPartitionGoInOneRequestWithConsecutiveOffsets() throws InterruptedException {
        List<Future<RecordMetadata>> sent = sendBehindAHeldRequest();
        FakeBroker.Request group = nextProduce();
        int batches = 0;
        for (RecordBatch ignored : RecordBatch.batches(recordsOf(group))) {
            batches++;
        }
        assertTrue(batches > 1, "the request carries every queued batch, had " + batches);
        broker.produceDefault(group);
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(i, Blocking.await(sent.get(i), WAIT).offset(), "offset of record " + i);
        }
        assertTrue(held.isEmpty(), "everything went in the second request");
        List<Record> log = broker.records(TP);
        for (int i = 0; i < RECORDS; i++) {
            assertArrayEquals(b("v" + i), log.get(i).value());
        }
    }

    @Test
    void failedGroupIsRetriedWholeAndInOrder() throws InterruptedException {
        List<Future<RecordMetadata>> sent = sendBehindAHeldRequest();
        FakeBroker.Request group = nextProduce();
        ByteBuffer firstTry = recordsOf(group);
        group.respond(SpateProducerTest.ProduceAnswers.error(group, ErrorCode.NOT_ENOUGH_REPLICAS));
        FakeBroker.Request retry = nextProduce();
        assertEquals(firstTry, recordsOf(retry), "the same batches, in the same order");
        broker.produceDefault(retry);
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(i, Blocking.await(sent.get(i), WAIT).offset(), "offset of record " + i);
        }
        List<Record> log = broker.records(TP);
        assertEquals(RECORDS, log.size());
        for (int i = 0; i < RECORDS; i++) {
            assertArrayEquals(b("v" + i), log.get(i).value());
        }
        eventually("no further request", () -> held.isEmpty());
    }

    /** A producer whose records wait (linger) until {@link SpateProducer#flush}: they leave as one group. */
    private SpateProducer lingeringProducer(int batchSize) {
        return lingeringProducer(batchSize, false);
    }

    /**
     * Idempotent: the refused batch's pieces keep its sequence range; a record refused alone leaves a
     * hole, which the next batch's OUT_OF_ORDER_SEQUENCE_NUMBER closes through an epoch bump.
     */
    private SpateProducer lingeringProducer(int batchSize, boolean idempotent) {
        return SpateProducer.create(vertx, new ProducerConfig().setBootstrapServers(broker.address())
                .setEnableIdempotence(idempotent).setLingerMs(60_000).setSendWhenIdle(false).setBatchSize(batchSize).setRequestTimeoutMs(10_000)
                .setDeliveryTimeoutMs(120_000).setRetryBackoffMs(10).setRetryBackoffMaxMs(50));
    }

    @ParameterizedTest(name = "idempotent {0}")
    @ValueSource(booleans = {false, true})
    void batchRefusedAsTooLargeIsSplitAndItsRecordsArriveInOrder(boolean idempotent) {
        broker.on(ApiKey.PRODUCE, broker.refusingBatchesAbove(300));
        producer = lingeringProducer(16_384, idempotent);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(producer.send(new ProducerRecord("t", 0, null, b("value-" + i))));
        }
        Blocking.await(producer.flush(), WAIT);
        for (int i = 0; i < 200; i++) {
            assertEquals(i, Blocking.await(sent.get(i), WAIT).offset(), "offset of record " + i);
        }
        List<Record> log = broker.records(TP);
        assertEquals(200, log.size());
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(b("value-" + i), log.get(i).value());
        }
        for (ByteBuffer stored : broker.log.get(TP)) {
            assertTrue(stored.remaining() <= 300, "a stored batch of " + stored.remaining() + " bytes");
        }
    }

    @ParameterizedTest(name = "idempotent {0}")
    @ValueSource(booleans = {false, true})
    void recordTooLargeAloneFailsAloneNamingItsPartitionOnce(boolean idempotent) {
        broker.on(ApiKey.PRODUCE, broker.refusingBatchesAbove(300));
        producer = lingeringProducer(16_384, idempotent);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(producer.send(new ProducerRecord("t", 0, null, i == 25 ? new byte[400] : b("value-" + i))));
        }
        Blocking.await(producer.flush(), WAIT);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(sent.get(25), WAIT));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, e.error());
        assertEquals(1, e.getMessage().split("t-0", -1).length - 1, "the partition is named once: " + e.getMessage());
        List<Record> log = broker.records(TP);
        assertEquals(49, log.size());
        for (int i = 0, at = 0; i < 50; i++) {
            if (i != 25) {
                assertEquals(at, Blocking.await(sent.get(i), WAIT).offset(), "offset of record " + i);
                assertArrayEquals(b("value-" + i), log.get(at++).value());
            }
        }
    }

    @Test
    void groupOfBatchesRefusedAsTooLargeIsResentOneBatchPerRequest() {
        broker.on(ApiKey.PRODUCE, broker.refusingBatchesAbove(300));
        // batch.size 64: every record is a batch of its own; record 5 alone is too large
        producer = lingeringProducer(64);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(producer.send(new ProducerRecord("t", 0, null, i == 5 ? new byte[400] : b("value-" + i))));
        }
        Blocking.await(producer.flush(), WAIT);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(sent.get(5), WAIT));
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, e.error());
        List<Record> log = broker.records(TP);
        assertEquals(9, log.size());
        for (int i = 0, at = 0; i < 10; i++) {
            if (i != 5) {
                assertEquals(at, Blocking.await(sent.get(i), WAIT).offset(), "offset of record " + i);
                assertArrayEquals(b("value-" + i), log.get(at++).value());
            }
        }
    }
}
