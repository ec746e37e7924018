package io.spate.client.internal.consumer;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.FakeBroker;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateConsumerTest;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Fetcher's fetch-ahead: the next Fetch is in flight while buffered records are handed out. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class FetcherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final int BATCHES = 6;
    private static final int PER_BATCH = 5;
    private FakeBroker broker;
    private SpateConsumer consumer;
    private Vertx vertx;
    /** The offset of every Fetch the broker received, in order. */
    private final List<Long> fetchOffsets = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 1);
        for (int i = 0; i < BATCHES; i++) {
            broker.append(TP, SpateConsumerTest.batch(i * PER_BATCH, PER_BATCH));
        }
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            Blocking.await(consumer.close(), WAIT);
        }
    }

    /** One batch per Fetch (the partition budget is one byte; the first batch always comes). */
    private void createConsumer() {
        consumer = SpateConsumer.create(vertx, new ConsumerConfig().setBootstrapServers(broker.address())
                .setFetchMaxWaitMs(50).setRetryBackoffMs(10).setRetryBackoffMaxMs(50).setRequestTimeoutMs(5_000)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST).setMaxPartitionFetchBytes(1));
        consumer.assign(List.of(TP));
    }

    /** Answers a Fetch itself (returning true) or leaves it to the default answer. */
    private interface Special {
        boolean handles(FakeBroker.Request r, long offset);
    }

    private void answerFetches(Special special) {
        broker.on(ApiKey.FETCH, r -> {
            FetchRequest req = FetchRequest.readFrom(r.body.duplicate());
            long offset = req.topics().get(0).partitions().get(0).fetchOffset();
            fetchOffsets.add(offset);
            if (special != null && special.handles(r, offset)) {
                return;
            }
            r.respond(new FetchResponse(List.of(new FetchResponse.TopicData("t",
                    List.of(broker.fetchPartition(TP, offset, 1))))));
        });
    }

    private List<Long> pollOffsets(int count) {
        List<Long> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.offset()));
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void secondFetchGoesOutBeforeTheFirstResponseIsConsumed() {
        answerFetches(null);
        createConsumer();
        eventually("a fetch ahead from the end of the buffered batch", () -> fetchOffsets.contains((long) PER_BATCH));
        assertEquals(List.of(0L, (long) PER_BATCH), fetchOffsets.subList(0, 2));
        assertEquals(range(0, BATCHES * PER_BATCH), pollOffsets(BATCHES * PER_BATCH), "every record once, in order");
        List<Long> seen = new ArrayList<>(fetchOffsets);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "fetch offsets never go back: " + seen);
        }
    }

    @Test
    void failedFetchAheadIsRetriedAfterTheBufferedRecordsWithoutAReset() {
        AtomicBoolean failed = new AtomicBoolean();
        answerFetches((r, offset) -> {
            if (offset == PER_BATCH && failed.compareAndSet(false, true)) {
                r.respond(new FetchResponse(List.of(new FetchResponse.TopicData("t", List.of(
                        new FetchResponse.PartitionData(0, ErrorCode.OFFSET_OUT_OF_RANGE, "ahead", 30, 0, null))))));
                return true;
            }
            return false;
        });
        createConsumer();
        eventually("the fetch ahead failed", failed::get);
        // poll only once the client has seen the failure while records 0.. are still buffered (it then
        // fetches ahead again): a failure arriving after they were consumed is a plain out-of-range
        // at the position, which rightly resets
        eventually("the failed fetch ahead was sent again",
                () -> fetchOffsets.stream().filter(o -> o == PER_BATCH).count() >= 2);
        assertEquals(range(0, BATCHES * PER_BATCH), pollOffsets(BATCHES * PER_BATCH), "no reset, no gap, no repeat");
        assertEquals(0, broker.requests(ApiKey.LIST_OFFSETS).size() - 1, "only the initial reset looked up an offset");
    }

    @Test
    void seekDropsBufferedAndAheadRecords() {
        answerFetches(null);
        createConsumer();
        eventually("two responses buffered", () -> fetchOffsets.size() >= 2);
        consumer.seek(TP, 22);
        assertEquals(range(22, BATCHES * PER_BATCH), pollOffsets(BATCHES * PER_BATCH - 22));
    }
}
