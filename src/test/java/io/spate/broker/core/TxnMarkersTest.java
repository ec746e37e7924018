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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WriteTxnMarkers and DescribeProducers on a partition leader ({@link TxnMarkers} over a
 * {@link PartitionWriter}): node 1 leads replicas 1 and 2 in epoch 3, the follower's fetches played by
 * hand, so a marker's answer can be seen to wait for the high watermark.
 */
@Timeout(30)
class TxnMarkersTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final TopicPartition UNKNOWN = new TopicPartition("nope", 0);
    private static final int EPOCH = 3;
    private static final long PID = 42;

    @TempDir
    Path dir;
    private Vertx vertx;
    private PartitionWriter writer;
    private TxnMarkers markers;
    private final List<String> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        PartitionLog log = PartitionLog.open(dir.resolve("orders-0"), "orders", 0, LogConfig.defaults(), Time.SYSTEM, true);
        writer = new PartitionWriter(TP, LoopContext.create(vertx), log, FlushPolicy.ACKS_ALL, false, Time.SYSTEM);
        await(writer.applyState(new PartitionState(List.of(1, 2), 1, EPOCH, List.of(1, 2)), 1, new IsrOptions(30_000),
                IsrProposer.NONE, PartitionLeadership.NEVER_FENCED));
        markers = new TxnMarkers(tp -> tp.equals(TP) ? writer : null);
        markers.addListener((tp, pid, committed) -> told.add(tp + "/" + pid + "/" + committed));
    }

    @AfterEach
    void close() {
        await(writer.close(ErrorCode.NOT_LEADER_OR_FOLLOWER));
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void follow(long offset) {
        PartitionRead read = await(writer.readForReplica(2, EPOCH, offset, FetchPosition.UNKNOWN_LOG_START, 1 << 20));
        assertEquals(ErrorCode.NONE, read.error(), read::errorMessage);
    }

    private Future<List<Map<TopicPartition, ErrorCode>>> write(short producerEpoch, boolean commit, int coordinatorEpoch,
                                                               TopicPartition... partitions) {
        return markers.write(List.of(new TxnMarker(PID, producerEpoch, commit, coordinatorEpoch, List.of(partitions))));
    }

    @Test
    void aMarkerIsAnsweredOnceCommittedAndThenListenersAreTold() throws Exception {
        Future<AppendResult> data = writer.append(TestBatches.transactional(PID, (short) 0, 0, "a").duplicate(), (short) -1);
        follow(0);
        follow(1);
        assertEquals(ErrorCode.NONE, await(data).error());
        DescribedProducers open = await(markers.describeProducers(List.of(TP))).get(TP);
        assertEquals(List.of(new ProducerDescription(PID, 0, 0, TestBatches.BASE_TIME, -1, 0)), open.producers());

        Future<List<Map<TopicPartition, ErrorCode>>> answer = write((short) 0, true, 5, TP, UNKNOWN);
        Thread.sleep(200);
        assertFalse(answer.isComplete(), "the follower does not hold the marker yet");
        assertTrue(told.isEmpty());
        follow(2); // the follower now holds offset 1, the marker: the high watermark passes it
        assertEquals(List.of(Map.of(TP, ErrorCode.NONE, UNKNOWN, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)), await(answer));
        assertEquals(List.of(TP + "/" + PID + "/true"), told);

        Map<TopicPartition, DescribedProducers> described = await(markers.describeProducers(List.of(TP, UNKNOWN)));
        ProducerDescription closed = described.get(TP).producers().get(0);
        assertEquals(5, closed.coordinatorEpoch());
        assertEquals(-1, closed.currentTxnStartOffset());
        assertTrue(closed.lastTimestamp() > TestBatches.BASE_TIME, "the marker's time");
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, described.get(UNKNOWN).error());
    }

    @Test
    void fencedMarkersAreRefusedWithTheirErrorsAndNothingIsTold() {
        writer.append(TestBatches.transactional(PID, (short) 2, 0, "a").duplicate(), (short) 1);
        Future<List<Map<TopicPartition, ErrorCode>>> first = write((short) 2, false, 7, TP);
        follow(2);
        assertEquals(ErrorCode.NONE, await(first).get(0).get(TP));
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, await(write((short) 1, false, 7, TP)).get(0).get(TP));
        assertEquals(ErrorCode.TRANSACTION_COORDINATOR_FENCED, await(write((short) 2, false, 6, TP)).get(0).get(TP));
        assertEquals(List.of(TP + "/" + PID + "/false"), told);
        assertEquals(2, await(writer.describe()).logEndOffset(), "nothing written for the refused markers");
    }

    @Test
    void aFollowerRefusesMarkersAndDescribeProducers() {
        await(writer.applyState(new PartitionState(List.of(1, 2), 2, EPOCH + 1, List.of(1, 2)), 1, new IsrOptions(30_000),
                IsrProposer.NONE, PartitionLeadership.NEVER_FENCED));
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, await(write((short) 0, true, 0, TP)).get(0).get(TP));
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, await(markers.describeProducers(List.of(TP))).get(TP).error());
        assertTrue(told.isEmpty());
    }

    @Test
    void aReadCommittedReadStopsAtTheOpenTransactionAndListsTheAbortedOnes() throws InterruptedException {
        Future<AppendResult> plain = writer.append(TestBatches.of(io.spate.record.CompressionType.NONE,
                TestBatches.BASE_TIME - 10, "plain").nioBuffer(), (short) -1);
        Future<AppendResult> txn = writer.append(TestBatches.transactional(PID, (short) 0, 0, "t").duplicate(), (short) -1);
        follow(2);
        await(plain);
        await(txn);
        PartitionRead committed = await(writer.read(0, 1 << 20, true, true));
        assertEquals(1, committed.lastStableOffset());
        assertEquals(1, committed.records().nextOffset(), "only the batch below the open transaction");
        assertEquals(List.of(), committed.abortedTransactions());
        assertEquals(2, await(writer.read(0, 1 << 20, true, false)).records().nextOffset(), "read_uncommitted sees both");
        assertEquals(ErrorCode.NONE, await(writer.read(2, 1 << 20, true, true)).error(),
                "between the last stable offset and the high watermark is in range");

        assertEquals(1, await(writer.offsetFor(-1, true)).offset(), "ListOffsets read_committed latest: the last stable offset");
        assertEquals(2, await(writer.offsetFor(-1, false)).offset());
        assertEquals(-1, await(writer.offsetFor(TestBatches.BASE_TIME, true)).offset(), "the only record at that time is unstable");
        assertEquals(1, await(writer.offsetFor(TestBatches.BASE_TIME, false)).offset());

        java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
        writer.addWaiter(new FetchWaiter(1, woken::countDown, false, true));
        assertFalse(woken.await(300, TimeUnit.MILLISECONDS), "a read_committed waiter at the last stable offset sleeps"
                + " though the high watermark is past it");

        Future<List<Map<TopicPartition, ErrorCode>>> abort = write((short) 0, false, 0, TP);
        assertTrue(woken.await(5, TimeUnit.SECONDS), "the marker moved the last stable offset");
        follow(3);
        await(abort);
        PartitionRead after = await(writer.read(0, 1 << 20, true, true));
        assertEquals(3, after.lastStableOffset());
        assertEquals(List.of(new io.spate.log.AbortedTxn(PID, 1, 2, 3)), after.abortedTransactions());
        assertEquals(3, await(writer.offsetFor(-1, true)).offset());
    }
}
