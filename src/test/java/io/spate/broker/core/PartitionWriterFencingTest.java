package io.spate.broker.core;

import static io.spate.testing.Eventually.eventually;
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
import io.spate.testing.TestBatches;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader of a replicated partition given a fence (issue 15: the node lost the metadata quorum's
 * lease) refuses every write while fenced, whatever its acks, with NOT_LEADER_OR_FOLLOWER, keeps
 * its high watermark where it was, still serves reads below it, and leads again once unfenced.
 * Node 1 leads replicas 1, 2, 3 in epoch 4; the followers' fetches are played by hand.
 */
@Timeout(30)
class PartitionWriterFencingTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int EPOCH = 4;

    @TempDir
    Path dir;
    private Vertx vertx;
    private PartitionWriter writer;
    private final AtomicBoolean fenced = new AtomicBoolean();

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        LogConfig config = LogConfig.from(Map.of(LogConfig.MIN_IN_SYNC_REPLICAS, "2"), LogConfig.defaults());
        PartitionLog log = PartitionLog.open(dir.resolve("orders-0"), "orders", 0, config, Time.SYSTEM, true);
        writer = new PartitionWriter(TP, LoopContext.create(vertx), log, FlushPolicy.ACKS_ALL, false, Time.SYSTEM);
        await(writer.applyState(new PartitionState(List.of(1, 2, 3), 1, EPOCH, List.of(1, 2, 3)), 1,
                new IsrOptions(30_000), IsrProposer.NONE, fenced::get));
    }

    @AfterEach
    void close() {
        await(writer.close(ErrorCode.NOT_LEADER_OR_FOLLOWER));
        await(vertx.close());
    }

    @Test
    void aFencedLeaderRefusesEveryAcksAndHoldsItsHighWatermarkUntilUnfenced() {
        // unfenced: acks=1 and acks=all are taken; the followers commit them
        assertEquals(ErrorCode.NONE, await(append(1)).error());
        Future<AppendResult> all = append(-1);
        follow(2, 2);
        follow(3, 2);
        assertEquals(ErrorCode.NONE, await(all).error());
        assertEquals(2, highWatermark());
        assertEquals(ErrorCode.NONE, await(append(1)).error()); // offset 2, not yet held by the followers

        fenced.set(true);
        for (short acks : new short[] {0, 1, -1}) {
            AppendResult refused = await(append(acks));
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, refused.error(), "acks=" + acks + " while fenced");
            assertTrue(refused.errorMessage().contains("lease"), refused.errorMessage());
        }
        follow(2, 3);
        follow(3, 3);
        assertEquals(2, highWatermark(), "a fenced leader does not commit what its followers now hold");
        PartitionRead read = await(writer.read(0, 1 << 20, true, false));
        assertEquals(ErrorCode.NONE, read.error(), "reads below the high watermark go on while fenced");
        assertEquals(2, read.highWatermark());
        assertEquals(3, await(writer.describe()).logEndOffset(), "nothing was appended while fenced");

        fenced.set(false);
        follow(2, 3);
        // the fetch commits offset 2 at once if this node's fsync of it is done, else that fsync does
        eventually(WAIT, "unfenced, the ISR's offset 2 is committed", () -> highWatermark() == 3);
        Future<AppendResult> again = append(-1);
        follow(2, 4);
        follow(3, 4);
        assertEquals(ErrorCode.NONE, await(again).error());
        assertEquals(3, await(again).baseOffset());
        assertEquals(ErrorCode.NONE, await(append(1)).error());
    }

    private Future<AppendResult> append(int acks) {
        return writer.append(TestBatches.of("v").nioBuffer(), (short) acks);
    }

    private long highWatermark() {
        return await(writer.describe()).highWatermark();
    }

    /** Follower {@code replica} fetches at {@code offset}: it holds everything below it. */
    private void follow(int replica, long offset) {
        PartitionRead read = await(writer.readForReplica(replica, EPOCH, offset, FetchPosition.UNKNOWN_LOG_START, 1 << 20));
        assertEquals(ErrorCode.NONE, read.error(), () -> read.errorMessage());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
