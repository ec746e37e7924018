package io.spate.broker.core;

import static io.spate.testing.TestNode.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.cluster.PartitionState;
import io.spate.common.Time;
import io.spate.log.LogConfig;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.replication.IsrOptions;
import io.spate.replication.IsrProposer;
import io.spate.replication.PartitionLeadership;
import io.spate.testing.TestBatches;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeleteRecords on a partition's leader answers once the low watermark (the smallest log start over
 * the leader and its live followers, as their fetches report it) reached the offset, or
 * REQUEST_TIMED_OUT after its timeout with the leader's log start left moved. Node 1 leads replicas
 * 1, 2, 3 in epoch 4 over 10 records every replica holds; the followers' fetches are played by hand.
 */
@Timeout(30)
class RecordDeletionsTest {
    private static final TopicPartition TP = new TopicPartition("trim", 0);
    private static final int EPOCH = 4;
    private static final IntPredicate ALL_LIVE = id -> true;
    private static final long LONG_TIMEOUT_MS = 20_000;

    @TempDir
    Path dir;
    private Vertx vertx;
    private PartitionWriter writer;

    private void open(boolean sole) {
        vertx = Vertx.vertx();
        PartitionLog log = PartitionLog.open(dir.resolve("trim-0"), "trim", 0, LogConfig.defaults(), Time.SYSTEM, true);
        writer = new PartitionWriter(TP, LoopContext.create(vertx), log, FlushPolicy.INTERVAL, sole, Time.SYSTEM);
        if (!sole) {
            await(writer.applyState(new PartitionState(List.of(1, 2, 3), 1, EPOCH, List.of(1, 2, 3)), 1,
                    new IsrOptions(30_000), IsrProposer.NONE, PartitionLeadership.NEVER_FENCED));
        }
        assertEquals(ErrorCode.NONE, await(writer.append(TestBatches.batch(CompressionType.NONE, 10), (short) 1)).error());
        if (!sole) {
            follow(2, 10, FetchPosition.UNKNOWN_LOG_START);
            follow(3, 10, FetchPosition.UNKNOWN_LOG_START);
        }
        assertEquals(10, await(writer.describe()).highWatermark());
    }

    @AfterEach
    void close() {
        if (writer != null) {
            await(writer.close(ErrorCode.NOT_LEADER_OR_FOLLOWER));
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }

    /** Follower {@code replica} fetches at {@code offset} (its log end) reporting its log start. */
    private void follow(int replica, long offset, long logStart) {
        PartitionRead read = await(writer.readForReplica(replica, EPOCH, offset, logStart, 1 << 20));
        assertEquals(ErrorCode.NONE, read.error(), read::errorMessage);
    }

    private long leaderLogStart() {
        return await(writer.describe()).logStartOffset();
    }

    @Test
    void answersOnceEveryLiveFollowerReportedALogStartAtTheOffset() {
        open(false);
        Future<DeletedRecords> deleted = writer.deleteRecords(6, LONG_TIMEOUT_MS, ALL_LIVE);
        assertEquals(6, leaderLogStart(), "the leader moved at once");
        follow(2, 10, 6);
        assertFalse(deleted.isComplete(), "node 3 still holds the records below 6");
        follow(3, 10, 6);
        DeletedRecords answer = await(deleted);
        assertEquals(ErrorCode.NONE, answer.error());
        assertEquals(6, answer.lowWatermark());
    }

    @Test
    void anOffsetTheFollowersAlreadyPassedIsAnsweredAtOnce() {
        open(false);
        Future<DeletedRecords> first = writer.deleteRecords(6, LONG_TIMEOUT_MS, ALL_LIVE);
        follow(2, 10, 6);
        follow(3, 10, 8);
        assertEquals(6, await(first).lowWatermark());
        DeletedRecords again = await(writer.deleteRecords(4, LONG_TIMEOUT_MS, ALL_LIVE));
        assertEquals(ErrorCode.NONE, again.error());
        assertEquals(6, again.lowWatermark(), "the smallest log start over the replicas");
    }

    @Test
    void aFollowerThatDoesNotReportItsLogStartHoldsTheAnswerUntilTheTimeout() {
        open(false);
        Future<DeletedRecords> deleted = writer.deleteRecords(6, 300, ALL_LIVE);
        follow(2, 10, 6);
        follow(3, 10, FetchPosition.UNKNOWN_LOG_START); // a follower of an older version
        DeletedRecords answer = await(deleted);
        assertEquals(ErrorCode.REQUEST_TIMED_OUT, answer.error());
        assertTrue(answer.errorMessage().contains("unknown"), answer.errorMessage());
        assertEquals(6, leaderLogStart(), "nothing is undone, as Kafka");
    }

    @Test
    void aFollowerBehindTheOffsetAtTheTimeoutGetsRequestTimedOut() {
        open(false);
        follow(2, 10, 0);
        follow(3, 10, 0);
        DeletedRecords answer = await(writer.deleteRecords(6, 300, ALL_LIVE));
        assertEquals(ErrorCode.REQUEST_TIMED_OUT, answer.error());
        assertTrue(answer.errorMessage().contains("is 0, still below 6"), answer.errorMessage());
        assertEquals(6, leaderLogStart());
    }

    @Test
    void aTimeoutOfZeroAnswersAtOnceWhenTheFollowersAreBehind() {
        open(false);
        assertEquals(ErrorCode.REQUEST_TIMED_OUT, await(writer.deleteRecords(6, 0, ALL_LIVE)).error());
    }

    @Test
    void aFollowerOnANodeThatIsNotLiveDoesNotHoldTheAnswer() {
        open(false);
        Future<DeletedRecords> deleted = writer.deleteRecords(6, LONG_TIMEOUT_MS, id -> id != 3);
        follow(2, 10, 6);
        assertEquals(ErrorCode.NONE, await(deleted).error());
    }

    @Test
    void aLeaderThatStopsLeadingAnswersNotLeaderOrFollower() {
        open(false);
        Future<DeletedRecords> deleted = writer.deleteRecords(6, LONG_TIMEOUT_MS, ALL_LIVE);
        await(writer.applyState(new PartitionState(List.of(1, 2, 3), 2, EPOCH + 1, List.of(1, 2, 3)), 1,
                new IsrOptions(30_000), IsrProposer.NONE, PartitionLeadership.NEVER_FENCED));
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, await(deleted).error());
    }

    @Test
    void closingAnswersAWaitingDeleteWithTheCloseReason() {
        open(false);
        Future<DeletedRecords> deleted = writer.deleteRecords(6, LONG_TIMEOUT_MS, ALL_LIVE);
        await(writer.close(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, await(deleted).error());
    }

    @Test
    void aSoleLeaderAnswersAtOnceWithItsNewLogStart() {
        open(true);
        DeletedRecords answer = await(writer.deleteRecords(Broker.DELETE_UP_TO_HIGH_WATERMARK, 0, ALL_LIVE));
        assertEquals(ErrorCode.NONE, answer.error());
        assertEquals(10, answer.lowWatermark());
    }

    @Test
    void refusedDeletesChangeNothing() {
        open(false);
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, await(writer.deleteRecords(11, LONG_TIMEOUT_MS, ALL_LIVE)).error());
        assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, await(writer.deleteRecords(-2, LONG_TIMEOUT_MS, ALL_LIVE)).error());
        assertEquals(0, leaderLogStart());
    }
}
