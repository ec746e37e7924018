package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transactional offsets across a reload (batches and markers in the log), a marker arriving while
 * the partition loads, and their expiry and deletion.
 */
class TxnOffsetLoadingTest extends GroupTestSupport {
    private static final TopicPartition TP = TxnOffsetCommitTest.TP;
    private static final TopicPartition TP1 = TxnOffsetCommitTest.TP1;
    private static final TopicPartition TP2 = new TopicPartition("orders", 2);
    private static final long RETENTION_MS = GroupConfig.defaults().offsetsRetentionMs();

    private Map<TopicPartition, ErrorCode> txnCommit(long producerId, TopicPartition tp, long offset) {
        return await(coordinator.commitTxnOffsets(GROUP, new TxnProducer("tx-" + producerId, producerId, (short) 1),
                -1, "", null, Map.of(tp, new OffsetCommit(offset, -1, ""))));
    }

    /** The partition leader writes a marker (the coordinator is not told: as on another node before a failover). */
    private void marker(long producerId, boolean commit) {
        log.appendRaw(coordinator.partitionFor(GROUP), ControlBatches.marker(producerId, (short) 1, commit, 0, timer.nowMs()));
    }

    private void complete(long producerId, boolean committed) {
        await(coordinator.completeTransaction(coordinator.partitionFor(GROUP), producerId, committed));
    }

    @Test
    void reloadAppliesCommittedDropsAbortedAndKeepsOpenTransactionsWaiting() {
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        marker(1, true);
        assertEquals(ErrorCode.NONE, commit(-1, "", TP1, 5).get(TP1));
        assertEquals(ErrorCode.NONE, txnCommit(2, TP1, 20).get(TP1));
        marker(2, false);
        assertEquals(ErrorCode.NONE, txnCommit(3, TP2, 30).get(TP2));
        restart();
        assertEquals(10, committed(TP).offset(), "committed transaction");
        assertEquals(5, committed(TP1).offset(), "aborted transaction");
        assertEquals(StoredOffset.NONE, committed(TP2), "open transaction");
        complete(3, true);
        assertEquals(30, committed(TP2).offset(), "the open transaction's offsets waited for its marker");
    }

    @Test
    void anOpenTransactionLeftInTheLogIsCompletedByAMarkerWrittenAfterARestart() {
        assertEquals(ErrorCode.NONE, txnCommit(3, TP, 30).get(TP));
        restart();
        assertEquals(StoredOffset.NONE, committed(TP));
        marker(3, true);
        restart();
        assertEquals(30, committed(TP).offset());
    }

    @Test
    void onReloadTheNewestRecordInLogOrderWinsAsAtRunTime() {
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 7).get(TP));
        marker(1, true);
        restart();
        assertEquals(7, committed(TP).offset());
    }

    @Test
    void controlBatchesOfOtherTypesAndEmptyOnesChangeNothing() {
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        int p = coordinator.partitionFor(GROUP);
        log.appendRaw(p, ControlBatches.control(1, (short) 1, (short) 2, 0, timer.nowMs())); // e.g. LEADER_CHANGE
        restart();
        assertEquals(StoredOffset.NONE, committed(TP));
        complete(1, true);
        assertEquals(10, committed(TP).offset());
    }

    @Test
    void aMarkerCommittedWhileThePartitionLoadsIsAppliedWhenTheLoadEnds() {
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(2, TP1, 20).get(TP1));
        await(coordinator.close());
        log.holdReplays();
        coordinator = new GroupCoordinator(context, config(), log, timer);
        Future<Void> loading = coordinator.loadPartition(coordinator.partitionFor(GROUP));
        settle();
        complete(1, true);
        complete(2, false);
        log.releaseReplays();
        await(loading);
        assertEquals(10, committed(TP).offset());
        assertEquals(StoredOffset.NONE, committed(TP1));
        complete(2, true);
        assertEquals(StoredOffset.NONE, committed(TP1), "the abort was applied: nothing was left waiting");
    }

    @Test
    void waitingOffsetsAreNotExpiredAndKeepTheirGroupAlive() {
        long t0 = timer.nowMs();
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 5).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(1, TP1, 11).get(TP1));
        assertEquals(0, await(coordinator.expireOffsets(t0 + 100 * RETENTION_MS)));
        assertEquals("Empty", describe().state());
        complete(1, true);
        assertEquals(10, committed(TP).offset());
        assertEquals(2, await(coordinator.expireOffsets(timer.nowMs() + RETENTION_MS)));
        assertEquals("Dead", describe().state());
    }

    @Test
    void aGroupWithOnlyWaitingOffsetsIsNotRemovedByExpiry() {
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        int records = log.records(coordinator.partitionFor(GROUP)).size();
        assertEquals(0, await(coordinator.expireOffsets(timer.nowMs() + 100 * RETENTION_MS)));
        assertEquals("Empty", describe().state());
        assertEquals(records, log.records(coordinator.partitionFor(GROUP)).size(), "no tombstone was written");
        complete(1, true);
        assertEquals(10, committed(TP).offset());
    }

    @Test
    void deleteGroupsTombstonesWaitingOffsetsSoALaterCommitFindsNothing() {
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        int p = coordinator.partitionFor(GROUP);
        assertEquals(Map.of(GROUP, ErrorCode.NONE), await(coordinator.deleteGroups(List.of(GROUP))));
        assertTrue(log.records(p).stream().anyMatch(r -> r.value() == null
                && OffsetRecordCodec.readKey(r.key()) instanceof CoordinatorKey.OffsetKey k && k.partition().equals(TP)));
        assertEquals("Dead", describe().state());
        marker(1, true);
        complete(1, true);
        assertEquals(StoredOffset.NONE, committed(TP));
        restart();
        assertEquals(StoredOffset.NONE, committed(TP), "the replay agrees: the tombstone removed the waiting offset");
    }

    @Test
    void unloadForgetsTheWaitingOffsetsAndTheNextLeaderRebuildsThem() {
        assertEquals(ErrorCode.NONE, txnCommit(1, TP, 10).get(TP));
        int p = coordinator.partitionFor(GROUP);
        await(coordinator.unloadPartition(p));
        complete(1, true); // not ours any more: ignored, the marker is in the log for the next leader
        marker(1, true);
        await(coordinator.loadPartition(p));
        assertEquals(10, committed(TP).offset());
        assertEquals(RecordBatch.NO_SEQUENCE, log.batches(p).get(log.batchCount(p) - 1).baseSequence());
    }
}
