package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
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

/**
 * Client-side group commit: every queued batch of a partition goes in its one in-flight request,
 * offsets follow from the one base offset, and a failed group is retried whole and in order.
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
}
