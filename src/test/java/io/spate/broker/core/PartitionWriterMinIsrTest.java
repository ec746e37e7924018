package io.spate.broker.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.cluster.PartitionState;
import io.spate.common.Time;
import io.spate.log.LogConfig;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.replication.IsrOptions;
import io.spate.replication.IsrProposer;
import io.spate.replication.PartitionLeadership;
import io.spate.testing.TestBatches;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code min.insync.replicas} as a leader of a replicated partition applies it: read live, so a
 * change made by {@code topic alter} governs the very next {@code acks=all} answer, before the
 * append (refused up front) and after it (refused once replicated), with no change of leader.
 * Node 1 leads replicas 1, 2, 3 in epoch 4; the followers' fetches are played by hand.
 */
@Timeout(30)
class PartitionWriterMinIsrTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int EPOCH = 4;

    @TempDir
    Path dir;
    private Vertx vertx;
    private PartitionWriter writer;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        PartitionLog log = PartitionLog.open(dir.resolve("orders-0"), "orders", 0, config(1), Time.SYSTEM, true);
        writer = new PartitionWriter(TP, LoopContext.create(vertx), log, FlushPolicy.ACKS_ALL, false, Time.SYSTEM);
        lead(List.of(1, 2, 3));
    }

    @AfterEach
    void close() {
        await(writer.close(ErrorCode.NOT_LEADER_OR_FOLLOWER));
        await(vertx.close());
    }

    private static LogConfig config(int minInsyncReplicas) {
        return LogConfig.from(Map.of(LogConfig.MIN_IN_SYNC_REPLICAS, String.valueOf(minInsyncReplicas)), LogConfig.defaults());
    }

    private void lead(List<Integer> isr) {
        await(writer.applyState(new PartitionState(List.of(1, 2, 3), 1, EPOCH, isr), 1,
                new IsrOptions(30_000), IsrProposer.NONE, PartitionLeadership.NEVER_FENCED));
    }

    /** Follower {@code replica} fetches at {@code offset}: it holds everything below it. */
    private void follow(int replica, long offset) {
        PartitionRead read = await(writer.readForReplica(replica, EPOCH, offset, FetchPosition.UNKNOWN_LOG_START, 1 << 20));
        assertEquals(ErrorCode.NONE, read.error(), () -> read.errorMessage());
    }

    private Future<AppendResult> appendAcksAll() {
        return writer.append(TestBatches.of("v").nioBuffer(), (short) -1);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCoordinatorLoadReadsPastTheHighWatermarkToTheLogEnd() {
        // acks=1: written, the followers have not fetched it, so it is above the high watermark
        assertEquals(ErrorCode.NONE, await(writer.append(TestBatches.of("prepared").nioBuffer(), (short) 1)).error());
        PartitionRead consumer = await(writer.read(0, 1 << 20, true, false));
        assertEquals(0, consumer.records().sizeInBytes(), "a consumer reads below the high watermark only");
        PartitionRead load = await(writer.readToLogEnd(0, 1 << 20));
        assertEquals(ErrorCode.NONE, load.error());
        assertTrue(load.records().sizeInBytes() > 0, "a coordinator's load reads what the leader's log holds");
    }

    @Test
    void raisedMinInsyncRefusesTheNextWriteBeforeTheAppend() {
        lead(List.of(1, 2));
        await(writer.updateConfig(config(3)));
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, await(appendAcksAll()).error());
    }

    @Test
    void raisedMinInsyncRefusesAWriteAppendedBeforeTheIsrShrank() {
        await(writer.updateConfig(config(3)));
        Future<AppendResult> write = appendAcksAll(); // ISR 1, 2, 3: appended
        follow(2, 0);
        follow(3, 0);
        lead(List.of(1, 2)); // node 3 leaves the ISR; same leader, same epoch
        follow(2, 1);
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, await(write).error());
    }

    @Test
    void loweredMinInsyncAcknowledgesTheNextWrite() {
        await(writer.updateConfig(config(3)));
        lead(List.of(1, 2));
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, await(appendAcksAll()).error());
        await(writer.updateConfig(config(2)));
        Future<AppendResult> write = appendAcksAll();
        follow(2, 1);
        assertEquals(ErrorCode.NONE, await(write).error());
        assertEquals(0, await(write).baseOffset());
    }

    @Test
    void theHighWatermarkHoldsWhileTheIsrIsBelowMinInsync() {
        await(writer.updateConfig(config(2)));
        Future<AppendResult> write = appendAcksAll();
        follow(2, 0);
        follow(3, 0);
        lead(List.of(1)); // both followers left the ISR after the append
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, await(write).error());
        assertEquals(0, await(writer.offsetFor(-1, false)).offset(), "nothing the ISR below min.insync.replicas holds is visible");
        await(writer.updateConfig(config(1)));
        assertEquals(1, await(writer.offsetFor(-1, false)).offset(), "visible once min.insync.replicas allows it");
    }
}
