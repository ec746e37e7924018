package io.spate.replication;

import static io.spate.testing.Eventually.eventually;
import static io.spate.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.common.Time;
import io.spate.log.EpochEntry;
import io.spate.log.FollowerAppendException;
import io.spate.log.LogConfig;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.testing.TestBatches;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReplicaFetcher} against an in-process {@link FakeLeader}: copying, truncation, fencing, failures. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ReplicaFetcherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final ReplicaFetcherOptions FAST = ReplicaFetcherOptions.DEFAULTS.withMaxWaitMs(20).withBackoffMs(20);

    @TempDir
    Path tmp;
    private LoopContext leaderContext;
    private LoopContext followerContext;
    private LoopContext fetcherContext;
    private PartitionLog leaderLog;
    private PartitionLog followerLog;
    private FollowerLog follower;
    private FakeLeader leader;
    private ReplicaFetcher fetcher;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(Vertx vertx) {
        leaderContext = LoopContext.create(vertx);
        followerContext = LoopContext.create(vertx);
        fetcherContext = LoopContext.create(vertx);
        LogConfig config = LogConfig.from(Map.of("segment.bytes", "300"), LogConfig.defaults());
        leaderLog = PartitionLog.open(tmp.resolve("leader/orders-0"), "orders", 0, config, Time.SYSTEM, true);
        followerLog = PartitionLog.open(tmp.resolve("follower/orders-0"), "orders", 0, config, Time.SYSTEM, true);
        follower = new PartitionFollowerLog(followerLog, followerContext.asContext());
        leader = new FakeLeader(leaderContext, 0);
        leader.add(TP, leaderLog);
        fetcher = new ReplicaFetcher(2, 1, leader, FAST, fetcherContext, Time.SYSTEM, new FetcherListener() {
            @Override
            public void onFenced(TopicPartition tp, int leaderEpoch, ErrorCode error, String message) {
                events.add(tp + " fenced at " + leaderEpoch + ": " + error);
            }

            @Override
            public void onFailed(TopicPartition tp, int leaderEpoch, Throwable cause) {
                events.add(tp + " failed at " + leaderEpoch);
                failures.add(cause);
            }
        });
    }

    @AfterEach
    void stop() {
        await(fetcher.close());
        await(on(leaderContext, () -> {
            leaderLog.close();
            return null;
        }));
        await(on(followerContext, () -> {
            followerLog.close();
            return null;
        }));
    }

    private static <T> Future<T> on(LoopContext context, Supplier<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.get());
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    /** Appends one single-record batch per value to the leader at {@code epoch}; the HW follows. */
    private void leaderAppends(int epoch, String... values) {
        await(on(leaderContext, () -> {
            for (String v : values) {
                leaderLog.append(TestBatches.of(CompressionType.NONE, 1_000, v).nioBuffer(), epoch);
            }
            leaderLog.updateHighWatermark(leaderLog.logEndOffset());
            return null;
        }));
    }

    /** Appends to the follower's own log as a leader would (its stale writes from an old epoch). */
    private void followerWrites(int epoch, String... values) {
        await(on(followerContext, () -> {
            for (String v : values) {
                followerLog.append(TestBatches.of(CompressionType.NONE, 1_000, v).nioBuffer(), epoch);
            }
            return null;
        }));
    }

    private static byte[] segmentBytes(PartitionLog log) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (long base : log.segmentBaseOffsets()) {
                out.write(Files.readAllBytes(log.dir().resolve(String.format("%020d.log", base))));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitInSync() {
        eventually(WAIT, "the follower reaches the leader's log end " + leaderLog.logEndOffset(),
                () -> followerLog.logEndOffset() == leaderLog.logEndOffset());
        assertEquals(leaderLog.segmentBaseOffsets(), followerLog.segmentBaseOffsets());
        assertArrayEquals(segmentBytes(leaderLog), segmentBytes(followerLog));
        assertEquals(leaderLog.leaderEpochCache().entries(), followerLog.leaderEpochCache().entries());
    }

    @Test
    void copiesTheLeadersBatchesUnchangedAndFollowsItsHighWatermark() {
        leaderAppends(0, "a", "b", "c", "d", "e");
        await(fetcher.addPartition(TP, 0, follower));
        awaitInSync();
        eventually(WAIT, "follower HW 5", () -> followerLog.highWatermark() == 5);
        leaderAppends(0, "f", "g", "h", "i", "j", "k", "l");
        awaitInSync();
        assertTrue(followerLog.segmentCount() > 1, "rolled along with the leader");
        eventually(WAIT, "follower HW 12", () -> followerLog.highWatermark() == 12);
        assertEquals(List.of(), leader.epochRequests(), "a log without epochs does not ask the leader");
        assertEquals(List.of(), events);
    }

    @Test
    void theFollowerTakesTheLeadersLogStartWhenTheLeaderDeletesRecords() {
        leaderAppends(0, "a", "b", "c", "d", "e", "f");
        await(fetcher.addPartition(TP, 0, follower));
        awaitInSync();
        eventually(WAIT, "follower HW 6", () -> followerLog.highWatermark() == 6);
        await(on(leaderContext, () -> leaderLog.advanceLogStartOffset(4))); // DeleteRecords below 4 on the leader
        leaderAppends(0, "g");
        eventually(WAIT, "the follower's log start follows the leader's to 4", () -> followerLog.logStartOffset() == 4);
        assertEquals(List.of(), events);
    }

    @Test
    void theHighWatermarkIsTheLeadersCappedAtTheLocalLogEnd() {
        leaderAppends(0, "a", "b", "c", "d");
        await(on(leaderContext, () -> {
            leaderLog.updateHighWatermark(2);
            return null;
        }));
        await(fetcher.addPartition(TP, 0, follower));
        awaitInSync();
        eventually(WAIT, "follower HW 2", () -> followerLog.highWatermark() == 2);
        assertEquals(2, followerLog.highWatermark());
    }

    @Test
    void aNewEpochTruncatesTheFollowerToWhereItsLatestEpochEndedOnTheLeader() {
        leaderAppends(0, "a", "b", "c", "d");
        await(fetcher.addPartition(TP, 0, follower));
        awaitInSync();
        await(fetcher.dropPartition(TP)); // as the node does before it leads: its own writes follow the drop
        followerWrites(1, "stale-1", "stale-2");  // this node led epoch 1; nothing of it reached the others
        leader.leaderEpoch = 2;
        leaderAppends(2, "x", "y", "z");
        await(fetcher.addPartition(TP, 2, follower));
        awaitInSync();
        List<OffsetForLeaderEpochRequest> asked = leader.epochRequests();
        assertEquals(1, asked.get(asked.size() - 1).topics().get(0).partitions().get(0).leaderEpoch());
        assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(2, 4)), followerLog.leaderEpochCache().entries());
    }

    @Test
    void anEpochTheLeaderNeverHadTakesSeveralRoundsToResolve() {
        // follower epochs 0@0 1@2 3@4 (end 6); leader epochs 0@0 2@2 4@5 (end 7)
        followerWrites(0, "a", "b");
        followerWrites(1, "f1", "f1");
        followerWrites(3, "f3", "f3");
        leaderAppends(0, "a", "b");
        leaderAppends(2, "l2", "l2", "l2");
        leaderAppends(4, "l4", "l4");
        leader.leaderEpoch = 4;
        await(fetcher.addPartition(TP, 4, follower));
        awaitInSync();
        List<Integer> askedEpochs = leader.epochRequests().stream()
                .map(r -> r.topics().get(0).partitions().get(0).leaderEpoch()).toList();
        assertEquals(List.of(3, 1), askedEpochs, "asked for 3, truncated to 4, then asked for 1");
    }

    @Test
    void aFencedPartitionStopsAndReportsUntilAddedAgainWithTheNewEpoch() {
        leaderAppends(0, "a", "b");
        leader.leaderEpoch = 5;
        await(fetcher.addPartition(TP, 4, follower));
        eventually(WAIT, "fenced reported", () -> events.contains(TP + " fenced at 4: FENCED_LEADER_EPOCH"));
        assertEquals(Map.of(TP, "STOPPED"), await(fetcher.partitionStates()));
        long fetches = leader.fetchCount();
        await(fetcher.addPartition(TP, 4, follower)); // same epoch: starts again, is fenced again
        eventually(WAIT, "fenced twice", () -> events.size() == 2);
        assertTrue(leader.fetchCount() > fetches);
        await(fetcher.addPartition(TP, 5, follower));
        awaitInSync();
        assertEquals(Map.of(TP, "FETCHING"), await(fetcher.partitionStates()));
    }

    @Test
    void notLeaderStopsThePartitionLikeAFence() {
        leader.answer(TP, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        await(fetcher.addPartition(TP, 0, follower));
        eventually(WAIT, "reported", () -> events.contains(TP + " fenced at 0: NOT_LEADER_OR_FOLLOWER"));
    }

    @Test
    void lostConnectionsAndRetriableErrorsBackOffAndRetry() {
        leaderAppends(0, "a", "b", "c");
        leader.failNextRequests(3);
        leader.answer(TP, ErrorCode.UNKNOWN_LEADER_EPOCH);
        await(fetcher.addPartition(TP, 0, follower));
        eventually(WAIT, "several fetches answered with the error", () -> leader.fetchCount() >= 6);
        assertEquals(0, followerLog.logEndOffset());
        leader.answer(TP, null);
        awaitInSync();
        assertEquals(List.of(), events);
    }

    @Test
    void aCorruptBatchStopsThePartitionAndLeavesTheLogUnchanged() {
        leaderAppends(0, "a", "b");
        await(fetcher.addPartition(TP, 0, follower));
        awaitInSync();
        leader.corruptNextFetches(1);
        leaderAppends(0, "c");
        eventually(WAIT, "failure reported", () -> events.contains(TP + " failed at 0"));
        FollowerAppendException e = assertInstanceOf(FollowerAppendException.class, failures.get(0));
        assertEquals(FollowerAppendException.Reason.CORRUPT, e.reason());
        assertEquals(2, followerLog.logEndOffset());
        await(fetcher.addPartition(TP, 0, follower));
        awaitInSync();
    }

    @Test
    void aFollowerBelowTheLeadersLogStartRestartsItsLogThere() {
        leaderAppends(0, "a", "b", "c");
        await(on(leaderContext, () -> {
            leaderLog.truncateFullyAndStartAt(10);
            return null;
        }));
        leaderAppends(1, "k", "l");
        await(fetcher.addPartition(TP, 0, follower));
        eventually(WAIT, "restarted at 10 and caught up", () -> followerLog.logEndOffset() == 12);
        assertEquals(10, followerLog.logStartOffset());
        assertEquals(List.of(new EpochEntry(1, 10)), followerLog.leaderEpochCache().entries());
    }

    @Test
    void droppedPartitionsAreLeftAloneAndAClosedFetcherRefusesNewOnes() {
        leaderAppends(0, "a");
        await(fetcher.addPartition(TP, 0, follower));
        awaitInSync();
        await(fetcher.dropPartition(TP));
        long end = followerLog.logEndOffset();
        leaderAppends(0, "b", "c");
        long fetches = leader.fetchCount();
        assertEquals(Map.of(), await(fetcher.partitionStates()));
        assertEquals(end, followerLog.logEndOffset());
        assertEquals(fetches, leader.fetchCount(), "no fetch without partitions");
        await(fetcher.close());
        assertThrows(IllegalStateException.class, () -> await(fetcher.addPartition(TP, 0, follower)));
    }

    @Test
    void aLogItsOwnerClosedIsLeftAloneAndStopsThePartitionWithoutAFailure() {
        leaderAppends(0, "a");
        AtomicReference<String> closed = new AtomicReference<>();
        FollowerLog guarded = new PartitionFollowerLog(followerLog, followerContext.asContext(), closed::get);
        await(fetcher.addPartition(TP, 0, guarded));
        awaitInSync();
        closed.set(TP + " is CLOSED"); // the replica moved away: its writer closed before the drop arrived
        long end = followerLog.logEndOffset();
        leaderAppends(0, "b", "c");
        eventually(WAIT, "the partition stopped", () -> await(fetcher.partitionStates()).equals(Map.of(TP, "STOPPED")));
        assertEquals(end, followerLog.logEndOffset(), "nothing appended to a closed log");
        assertEquals(List.of(), events, "a stopped replica is not a failure");
        ReplicaStoppedException e = assertThrows(ReplicaStoppedException.class, () -> await(guarded.truncateTo(0)));
        assertEquals(TP + " is CLOSED", e.getMessage());
        assertEquals(end, followerLog.logEndOffset());
    }

    @Test
    void manyPartitionsShareOneFetch() {
        List<PartitionLog> extra = new ArrayList<>();
        try {
            for (int p = 1; p <= 3; p++) {
                TopicPartition tp = new TopicPartition("orders", p);
                PartitionLog l = PartitionLog.open(tmp.resolve("leader/orders-" + p), "orders", p, LogConfig.defaults(),
                        Time.SYSTEM, true);
                PartitionLog f = PartitionLog.open(tmp.resolve("follower/orders-" + p), "orders", p,
                        LogConfig.defaults(), Time.SYSTEM, true);
                extra.add(l);
                extra.add(f);
                int partition = p;
                await(on(leaderContext, () -> {
                    for (int i = 0; i < partition; i++) {
                        l.append(TestBatches.of(CompressionType.NONE, 1, "p" + partition).nioBuffer(), 0);
                    }
                    return null;
                }));
                leader.add(tp, l);
                await(fetcher.addPartition(tp, 0, new PartitionFollowerLog(f, followerContext.asContext())));
            }
            eventually(WAIT, "each follower log has its partition's records",
                    () -> extra.get(1).logEndOffset() == 1 && extra.get(3).logEndOffset() == 2
                            && extra.get(5).logEndOffset() == 3);
        } finally {
            await(fetcher.close());
            extra.forEach(PartitionLog::close);
        }
    }
}
