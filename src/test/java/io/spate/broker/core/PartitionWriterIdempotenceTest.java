package io.spate.broker.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replicated leader's answers to an idempotent producer: a retry of a batch not yet committed waits
 * for the same commit as its first copy; the producer rules' refusals become their wire errors and
 * leave the partition writable. Node 1 leads replicas 1, 2, 3 in epoch 4; followers are played by hand.
 */
@Timeout(30)
class PartitionWriterIdempotenceTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final int EPOCH = 4;
    private static final long PID = 11;

    @TempDir
    Path dir;
    private Vertx vertx;
    private PartitionWriter writer;
    private PartitionLog log;

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        log = PartitionLog.open(dir.resolve("orders-0"), "orders", 0, LogConfig.defaults(), Time.SYSTEM, true);
        writer = new PartitionWriter(TP, LoopContext.create(vertx), log, FlushPolicy.ACKS_ALL, false, Time.SYSTEM);
        await(writer.applyState(new PartitionState(List.of(1, 2, 3), 1, EPOCH, List.of(1, 2, 3)), 1,
                new IsrOptions(30_000), IsrProposer.NONE, PartitionLeadership.NEVER_FENCED));
    }

    @AfterEach
    void close() {
        await(writer.close(ErrorCode.NOT_LEADER_OR_FOLLOWER));
        await(vertx.close());
    }

    private static ByteBuffer batch(short epoch, int seq, String... values) {
        return TestBatches.idempotent(PID, epoch, seq, values);
    }

    private void follow(int replica, long offset) {
        PartitionRead read = await(writer.readForReplica(replica, EPOCH, offset, FetchPosition.UNKNOWN_LOG_START, 1 << 20));
        assertEquals(ErrorCode.NONE, read.error(), () -> read.errorMessage());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRetryOfAnUncommittedBatchWaitsForTheSameCommit() {
        Future<AppendResult> first = writer.append(batch((short) 0, 0, "a", "b"), (short) -1);
        Future<AppendResult> retry = writer.append(batch((short) 0, 0, "a", "b"), (short) -1);
        await(writer.onOwner(() -> null)); // both appends ran on the owner context
        assertFalse(first.isComplete(), "the followers do not hold offsets 0..1 yet");
        assertFalse(retry.isComplete(), "a retry is not answered before the batch it repeats is committed");
        follow(2, 2);
        follow(3, 2);
        assertEquals(0, await(first).baseOffset());
        AppendResult again = await(retry);
        assertEquals(ErrorCode.NONE, again.error());
        assertEquals(0, again.baseOffset());
        assertEquals(2, log.logEndOffset(), "written once");
        // a retry of a committed batch is answered at once
        assertEquals(0, await(writer.append(batch((short) 0, 0, "a", "b"), (short) -1)).baseOffset());
    }

    @Test
    void refusalsBecomeTheirWireErrorsAndTheWriterStaysOpen() {
        await(writer.append(batch((short) 2, 0, "a"), (short) 1));
        AppendResult gap = await(writer.append(batch((short) 2, 5, "b"), (short) 1));
        assertEquals(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
        assertTrue(gap.errorMessage().contains("producer " + PID + " epoch 2"), gap.errorMessage());
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, await(writer.append(batch((short) 1, 1, "c"), (short) 1)).error());
        assertEquals(ErrorCode.INVALID_RECORD, await(writer.append(TestBatches.concat(batch((short) 2, 1, "d"),
                TestBatches.batch("plain", 1)), (short) 1)).error());
        AppendResult next = await(writer.append(batch((short) 2, 1, "e"), (short) 1));
        assertEquals(ErrorCode.NONE, next.error());
        assertEquals(1, next.baseOffset());
    }
}
