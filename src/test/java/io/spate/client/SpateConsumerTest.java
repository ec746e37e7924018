package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.spate.record.TimestampType;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(60)
public class SpateConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private FakeBroker broker;
    private SpateConsumer consumer;
    private Vertx vertx;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 1);
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            Blocking.await(consumer.close(), WAIT);
        }
    }

    private ConsumerConfig config() {
        return new ConsumerConfig().setBootstrapServers(broker.address()).setFetchMaxWaitMs(50)
                .setRetryBackoffMs(10).setRetryBackoffMaxMs(50).setRequestTimeoutMs(5_000)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST);
    }

    /** A batch of records valued "v{first}".."v{first+count-1}", timestamps 1000 * index. */
    public static ByteBuffer batch(int first, int count) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256);
        for (int i = first; i < first + count; i++) {
            b.append(1000L * i, null, ("v" + i).getBytes(StandardCharsets.UTF_8), List.of());
        }
        return b.build();
    }

    private void appendBatches(int batches, int perBatch) {
        for (int i = 0; i < batches; i++) {
            broker.append(TP, batch(i * perBatch, perBatch));
        }
    }

    private List<ConsumerRecord> pollUntil(int count) {
        List<ConsumerRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            out.addAll(consumer.poll(Duration.ofMillis(200)));
        }
        return out;
    }

    @Test
    void pollStartsAtTheSoughtOffsetSkippingTheFirstBatchsEarlierRecords() {
        appendBatches(2, 5);
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        consumer.seek(TP, 7);
        List<ConsumerRecord> records = pollUntil(3);
        assertEquals(List.of(7L, 8L, 9L), records.stream().map(ConsumerRecord::offset).toList());
        assertEquals("v7", records.get(0).valueString());
        assertEquals(7_000L, records.get(0).timestamp());
        assertEquals(TimestampType.CREATE_TIME, records.get(0).timestampType());
        assertEquals(10L, Blocking.await(consumer.position(TP), WAIT));
    }

    @Test
    void earliestResetReadsFromTheLogStart() {
        appendBatches(3, 4);
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        List<ConsumerRecord> records = pollUntil(12);
        for (int i = 0; i < 12; i++) {
            assertEquals(i, records.get(i).offset());
        }
    }

    @Test
    void latestResetReadsOnlyNewRecords() {
        appendBatches(2, 3);
        consumer = SpateConsumer.create(vertx, config().setAutoOffsetReset(OffsetResetStrategy.LATEST));
        consumer.assign(List.of(TP));
        assertEquals(6L, Blocking.await(consumer.position(TP), WAIT));
        broker.append(TP, batch(6, 2));
        List<ConsumerRecord> records = pollUntil(2);
        assertEquals(List.of(6L, 7L), records.stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void maxPollRecordsBoundsEachPoll() {
        appendBatches(4, 5);
        consumer = SpateConsumer.create(vertx, config().setMaxPollRecords(7));
        consumer.assign(List.of(TP));
        List<ConsumerRecord> first = new ArrayList<>();
        while (first.isEmpty()) {
            first = consumer.poll(Duration.ofMillis(200));
        }
        assertTrue(first.size() <= 7);
        List<ConsumerRecord> all = new ArrayList<>(first);
        all.addAll(pollUntil(20 - first.size()));
        assertEquals(20, all.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, all.get(i).offset());
        }
    }

    @Test
    void offsetOutOfRangeWithResetNoneIsRaisedUntilASeek() {
        appendBatches(1, 3);
        consumer = SpateConsumer.create(vertx, config().setAutoOffsetReset(OffsetResetStrategy.NONE));
        consumer.assign(List.of(TP));
        consumer.seek(TP, 50);
        SpateException e = assertThrows(SpateException.class, () -> pollUntil(1));
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, e.error());
        assertTrue(e.getMessage().contains("t-0"), e.getMessage());
        consumer.seek(TP, 1);
        assertEquals(List.of(1L, 2L), pollUntil(2).stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void noPositionWithResetNoneIsAnError() {
        consumer = SpateConsumer.create(vertx, config().setAutoOffsetReset(OffsetResetStrategy.NONE));
        consumer.assign(List.of(TP));
        SpateException e = assertThrows(SpateException.class, () -> pollUntil(1));
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, e.error());
    }

    @Test
    void offsetOutOfRangeResetsToEarliest() {
        appendBatches(1, 3);
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        consumer.seek(TP, 99);
        assertEquals(List.of(0L, 1L, 2L), pollUntil(3).stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void trailingPartialBatchIsDroppedAndFetchedWholeNextTime() {
        appendBatches(2, 4);
        AtomicBoolean truncate = new AtomicBoolean(true);
        broker.on(ApiKey.FETCH, r -> {
            FetchRequest req = FetchRequest.readFrom(r.body.duplicate());
            FetchRequest.PartitionData p = req.topics().get(0).partitions().get(0);
            FetchResponse.PartitionData data = broker.fetchPartition(TP, p.fetchOffset(), Integer.MAX_VALUE);
            if (truncate.getAndSet(false) && data.records().readableBytes() > 0) {
                // cut the second batch in the middle, as a byte limit may
                int firstSize = new RecordBatch(data.records().nioBuffer(), 0).sizeInBytes();
                data = new FetchResponse.PartitionData(0, ErrorCode.NONE, null, data.highWatermark(), 0,
                        Unpooled.wrappedBuffer(data.records().nioBuffer(0, firstSize + 20)));
            }
            r.respond(new FetchResponse(List.of(new FetchResponse.TopicData("t", List.of(data)))));
        });
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        List<ConsumerRecord> records = pollUntil(8);
        assertEquals(8, records.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(i, records.get(i).offset());
        }
        List<FakeBroker.Request> fetches = broker.requests(ApiKey.FETCH);
        assertEquals(4L, FetchRequest.readFrom(fetches.get(1).body.duplicate()).topics().get(0).partitions().get(0)
                .fetchOffset(), "the second fetch starts at the dropped batch");
    }

    @Test
    void corruptBatchIsRaisedAfterTheGoodRecordsBeforeIt() {
        broker.append(TP, batch(0, 2));
        broker.append(TP, batch(2, 2));
        // flip a byte of the second batch's value: its CRC no longer matches
        ByteBuffer second = broker.log.get(TP).get(1);
        second.put(second.limit() - 3, (byte) (second.get(second.limit() - 3) ^ 0x55));
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        List<ConsumerRecord> good = pollUntil(2);
        assertEquals(List.of(0L, 1L), good.stream().map(ConsumerRecord::offset).toList());
        SpateException e = assertThrows(SpateException.class, () -> pollUntil(1));
        assertEquals(ErrorCode.CORRUPT_MESSAGE, e.error());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void aBatchWhoseRecordsDoNotDecodeEndsThePartitionThereAndASeekPastItGoesOn() {
        broker.append(TP, batch(0, 2));
        broker.append(TP, batch(2, 2));
        broker.append(TP, batch(4, 2));
        // the second batch declares 3 records but holds 2; its CRC is made right, so only decoding finds it
        ByteBuffer second = broker.log.get(TP).get(1);
        second.putInt(RecordBatch.RECORDS_COUNT_OFFSET, 3);
        second.putInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(second, 0).computeChecksum());
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        assertEquals(List.of(0L, 1L), pollUntil(2).stream().map(ConsumerRecord::offset).toList());
        SpateException e = assertThrows(SpateException.class, () -> pollUntil(1));
        assertEquals(ErrorCode.CORRUPT_MESSAGE, e.error());
        assertTrue(e.getMessage().contains("declares 3 records"), e.getMessage());
        consumer.seek(TP, 4);
        assertEquals(List.of(4L, 5L), pollUntil(2).stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void corruptBatchIsHandedOutWhenCrcChecksAreOff() {
        broker.append(TP, batch(0, 2));
        ByteBuffer b = broker.log.get(TP).get(0);
        b.put(b.limit() - 3, (byte) (b.get(b.limit() - 3) ^ 0x01));
        consumer = SpateConsumer.create(vertx, config().setCheckCrcs(false));
        consumer.assign(List.of(TP));
        assertEquals(2, pollUntil(2).size());
    }

    @Test
    void retriableFetchErrorIsRetriedAfterAMetadataRefresh() {
        appendBatches(1, 3);
        AtomicInteger failures = new AtomicInteger(2);
        broker.on(ApiKey.FETCH, r -> {
            if (failures.getAndDecrement() > 0) {
                r.respond(new FetchResponse(List.of(new FetchResponse.TopicData("t", List.of(
                        new FetchResponse.PartitionData(0, ErrorCode.NOT_LEADER_OR_FOLLOWER, null, -1, -1, null))))));
            } else {
                FetchRequest req = FetchRequest.readFrom(r.body.duplicate());
                long offset = req.topics().get(0).partitions().get(0).fetchOffset();
                r.respond(new FetchResponse(List.of(new FetchResponse.TopicData("t",
                        List.of(broker.fetchPartition(TP, offset, Integer.MAX_VALUE))))));
            }
        });
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        assertEquals(3, pollUntil(3).size());
        assertTrue(broker.requests(ApiKey.METADATA).size() >= 2);
    }

    @Test
    void aPartitionWithoutLeaderDoesNotHoldBackTheOthersPositions() {
        // partition 1 has no leader (its only replica is down): partition 0 is read all the same, long
        // before default.api.timeout.ms (60 s) would end partition 1's offset lookup
        broker.topic("t", 2);
        appendBatches(1, 3);
        broker.metadata(asked -> broker.metadataFor(asked, List.of(broker), tp -> tp.partition() == 1 ? -1 : 1));
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP, new TopicPartition("t", 1)));
        assertEquals(3, pollUntil(3).size());
    }

    @Test
    void followsTheLeaderToAnotherNode() {
        FakeBroker second = FakeBroker.start(vertx, 2).topic("t", 1);
        second.append(TP, batch(0, 3));
        List<FakeBroker> nodes = List.of(broker, second);
        AtomicInteger leader = new AtomicInteger(1);
        broker.metadata(asked -> broker.metadataFor(asked, nodes, tp -> leader.get()));
        broker.on(ApiKey.FETCH, r -> {
            leader.set(2);
            r.respond(new FetchResponse(List.of(new FetchResponse.TopicData("t", List.of(
                    new FetchResponse.PartitionData(0, ErrorCode.NOT_LEADER_OR_FOLLOWER, null, -1, -1, null))))));
        });
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        assertEquals(3, pollUntil(3).size());
        assertTrue(!second.requests(ApiKey.FETCH).isEmpty());
        second.stop();
    }

    @Test
    void readStreamDeliversInOrderWithFlowControl() {
        appendBatches(4, 5);
        consumer = SpateConsumer.create(vertx, config());
        List<ConsumerRecord> got = new CopyOnWriteArrayList<>();
        consumer.assign(List.of(TP));
        consumer.pause();
        consumer.handler(got::add);
        consumer.fetch(3);
        eventually("3 delivered", () -> got.size() == 3);
        Blocking.await(consumer.position(TP), WAIT); // a full turn of the consumer's context
        assertEquals(3, got.size(), "no more than the demand");
        assertEquals(3L, Blocking.await(consumer.position(TP), WAIT));
        consumer.resume();
        eventually("all delivered", () -> got.size() == 20);
        for (int i = 0; i < 20; i++) {
            assertEquals(i, got.get(i).offset());
        }
        assertThrows(IllegalStateException.class, () -> consumer.poll(Duration.ofMillis(10)));
    }

    @Test
    void pauseInsideTheHandlerStopsDeliveryAtOnce() {
        appendBatches(1, 10);
        consumer = SpateConsumer.create(vertx, config());
        List<ConsumerRecord> got = new CopyOnWriteArrayList<>();
        consumer.assign(List.of(TP));
        consumer.handler(r -> {
            got.add(r);
            if (got.size() == 4) {
                consumer.pause();
            }
        });
        eventually("4 delivered", () -> got.size() == 4);
        assertEquals(4L, Blocking.await(consumer.position(TP), WAIT));
        assertEquals(4, got.size());
    }

    @Test
    void streamErrorsGoToTheExceptionHandlerAndCloseRunsTheEndHandler() {
        consumer = SpateConsumer.create(vertx, config().setAutoOffsetReset(OffsetResetStrategy.NONE));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        consumer.exceptionHandler(errors::add).endHandler(v -> ended.set(true)).handler(r -> { });
        consumer.assign(List.of(TP));
        eventually("error reported", () -> !errors.isEmpty());
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, ((SpateException) errors.get(0)).error());
        Blocking.await(consumer.close(), WAIT);
        assertTrue(ended.get());
        consumer = null;
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfter() {
        appendBatches(1, 4); // timestamps 0, 1000, 2000, 3000
        consumer = SpateConsumer.create(vertx, config());
        Map<TopicPartition, OffsetAndTimestamp> found =
                Blocking.await(consumer.offsetsForTimes(Map.of(TP, 1_500L)), WAIT);
        assertEquals(new OffsetAndTimestamp(2, 2_000), found.get(TP));
        assertNull(Blocking.await(consumer.offsetsForTimes(Map.of(TP, 9_000L)), WAIT).get(TP));
        assertEquals(4L, Blocking.await(consumer.endOffsets(List.of(TP)), WAIT).get(TP));
        assertEquals(0L, Blocking.await(consumer.beginningOffsets(List.of(TP)), WAIT).get(TP));
    }

    @Test
    void pollRefusesToBlockAnEventLoop() {
        consumer = SpateConsumer.create(vertx, config());
        Promise<Throwable> thrown = Promise.promise();
        vertx.runOnContext(v -> {
            try {
                consumer.poll(Duration.ofMillis(1));
                thrown.complete(null);
            } catch (IllegalStateException e) {
                thrown.complete(e);
            }
        });
        assertTrue(Blocking.await(thrown.future(), WAIT) instanceof IllegalStateException);
    }

    @Test
    void seekOnAnUnassignedPartitionIsRefused() {
        consumer = SpateConsumer.create(vertx, config());
        assertThrows(IllegalStateException.class, () -> consumer.seek(TP, 0));
        consumer.assign(List.of(TP));
        assertThrows(IllegalArgumentException.class, () -> consumer.seek(TP, -1));
    }

    @Test
    void ownVertxIsClosedWithTheConsumer() {
        appendBatches(1, 2);
        SpateConsumer own = SpateConsumer.create(config());
        own.assign(List.of(TP));
        List<ConsumerRecord> got = new ArrayList<>();
        while (got.size() < 2) {
            got.addAll(own.poll(Duration.ofMillis(200)));
        }
        Blocking.await(own.close(), WAIT);
        assertThrows(IllegalStateException.class, () -> own.poll(Duration.ofMillis(10)));
        Blocking.await(own.close(), WAIT);
    }

    @Test
    void pollTimesOutEmptyWhenNothingArrives() {
        consumer = SpateConsumer.create(vertx, config());
        consumer.assign(List.of(TP));
        assertTrue(consumer.poll(Duration.ofMillis(100)).isEmpty());
    }
}
