package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatchBuilder;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code isolation.level}: read_committed fetches with version 1 and never hands out a record of an
 * aborted transaction; control batches (markers) are never handed out in either level, and move the
 * position. The log, built with RecordBatchBuilder (markers included):
 * <pre>
 *  0-1  plain        v0 v1
 *  2-3  producer 10  a0 a1     (aborted: first offset 2)
 *  4    producer 20  c0        (committed)
 *  5    producer 10  a2        (aborted)
 *  6    ABORT  marker of 10
 *  7    COMMIT marker of 20
 *  8    producer 10  n0        (its next transaction, committed)
 *  9    COMMIT marker of 10
 *  10   plain        end
 * </pre>
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ReadCommittedConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private FakeBroker broker;
    private SpateConsumer consumer;
    private Vertx vertx;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 1);
        broker.append(TP, batch(-1, "v0", "v1"));
        broker.append(TP, batch(10, "a0", "a1"));
        broker.append(TP, batch(20, "c0"));
        broker.append(TP, batch(10, "a2"));
        broker.append(TP, FakeTransactions.marker(10, (short) 0, false, 3));
        broker.append(TP, FakeTransactions.marker(20, (short) 0, true, 3));
        broker.append(TP, batch(10, "n0"));
        broker.append(TP, FakeTransactions.marker(10, (short) 0, true, 3));
        broker.append(TP, batch(-1, "end"));
        broker.abortedTransactions.put(TP, List.of(new FakeBroker.Aborted(10, 2, 6)));
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            Blocking.await(consumer.close(), WAIT);
        }
    }

    /** A batch of {@code values}; transactional for a producer id >= 0. */
    private static ByteBuffer batch(long producerId, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256);
        if (producerId >= 0) {
            b.setTransactional(true);
            b.setProducerState(producerId, (short) 0, 0);
        }
        for (String v : values) {
            b.append(1_000, null, v.getBytes(StandardCharsets.UTF_8), List.of());
        }
        return b.build();
    }

    private ConsumerConfig config(IsolationLevel level, int maxPartitionFetchBytes) {
        return new ConsumerConfig().setBootstrapServers(broker.address()).setFetchMaxWaitMs(50)
                .setRetryBackoffMs(10).setRetryBackoffMaxMs(50).setRequestTimeoutMs(5_000)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST).setIsolationLevel(level)
                .setMaxPartitionFetchBytes(maxPartitionFetchBytes);
    }

    /** Polls until the position reaches {@code end}; the records handed out on the way. */
    private List<ConsumerRecord> readTo(long end) {
        List<ConsumerRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            out.addAll(consumer.poll(Duration.ofMillis(100)));
            if (Blocking.await(consumer.position(TP), WAIT) >= end) {
                break;
            }
        }
        return out;
    }

    private static List<String> values(List<ConsumerRecord> records) {
        return records.stream().map(ConsumerRecord::valueString).toList();
    }

    /** Whole log in one fetch, or a batch or so per fetch (the aborted list comes with each answer). */
    @ParameterizedTest
    @ValueSource(ints = {1 << 20, 1})
    void readCommittedSkipsAbortedTransactionsAndMarkers(int maxPartitionFetchBytes) {
        consumer = SpateConsumer.create(vertx, config(IsolationLevel.READ_COMMITTED, maxPartitionFetchBytes));
        consumer.assign(List.of(TP));
        List<ConsumerRecord> records = readTo(11);
        assertEquals(List.of("v0", "v1", "c0", "n0", "end"), values(records));
        assertEquals(List.of(0L, 1L, 4L, 8L, 10L), records.stream().map(ConsumerRecord::offset).toList());
        assertEquals(11L, Blocking.await(consumer.position(TP), WAIT), "past the last batch, markers included");
        FetchRequest fetch = FetchRequest.readFrom(broker.requests(ApiKey.FETCH).get(0).body.duplicate(), (short) 1);
        assertEquals(1, broker.requests(ApiKey.FETCH).get(0).header.apiVersion());
        assertEquals(FetchRequest.READ_COMMITTED, fetch.isolationLevel());
        assertTrue(broker.listOffsetsIsolation.contains(FetchRequest.READ_COMMITTED), "ListOffsets went as read_committed");
    }

    @Test
    void readUncommittedHandsOutEveryDataRecordButNoMarker() {
        consumer = SpateConsumer.create(vertx, config(IsolationLevel.READ_UNCOMMITTED, 1 << 20));
        consumer.assign(List.of(TP));
        List<ConsumerRecord> records = readTo(11);
        assertEquals(List.of("v0", "v1", "a0", "a1", "c0", "a2", "n0", "end"), values(records));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 8L, 10L), records.stream().map(ConsumerRecord::offset).toList());
        assertEquals(11L, Blocking.await(consumer.position(TP), WAIT));
        assertEquals(0, broker.requests(ApiKey.FETCH).get(0).header.apiVersion(), "read_uncommitted stays version 0");
        assertTrue(broker.listOffsetsIsolation.stream().allMatch(l -> l == FetchRequest.READ_UNCOMMITTED));
    }

    @Test
    void aSeekIntoAnAbortedTransactionStillSkipsIt() {
        consumer = SpateConsumer.create(vertx, config(IsolationLevel.READ_COMMITTED, 1 << 20));
        consumer.assign(List.of(TP));
        consumer.seek(TP, 3);
        assertEquals(List.of("c0", "n0", "end"), values(readTo(11)));
    }

    @Test
    void endOffsetsAskForTheLastStableOffsetWithReadCommitted() {
        consumer = SpateConsumer.create(vertx, config(IsolationLevel.READ_COMMITTED, 1 << 20));
        Map<TopicPartition, Long> end = Blocking.await(consumer.endOffsets(List.of(TP)), WAIT);
        assertEquals(11L, end.get(TP));
        assertEquals(List.of(FetchRequest.READ_COMMITTED), broker.listOffsetsIsolation);
    }

    @Test
    void isolationLevelIsReadFromItsKafkaName() {
        assertEquals(IsolationLevel.READ_COMMITTED, ConsumerConfig.fromMap(Map.of(
                ConsumerConfig.ISOLATION_LEVEL, "read_committed")).getIsolationLevel());
        assertEquals(IsolationLevel.READ_UNCOMMITTED, new ConsumerConfig().getIsolationLevel());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of(ConsumerConfig.ISOLATION_LEVEL, "serializable")));
        assertTrue(bad.getMessage().contains("read_uncommitted or read_committed"), bad.getMessage());
    }
}
