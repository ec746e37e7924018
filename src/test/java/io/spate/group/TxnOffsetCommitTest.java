package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TxnOffsetCommit: the transactional batch, offsets waiting for their marker, the group checks. */
class TxnOffsetCommitTest extends GroupTestSupport {
    static final TopicPartition TP = new TopicPartition("orders", 0);
    static final TopicPartition TP1 = new TopicPartition("orders", 1);
    static final long PID = 4000L;
    static final short EPOCH = 2;
    static final TxnProducer PRODUCER = new TxnProducer("tx-1", PID, EPOCH);

    Map<TopicPartition, ErrorCode> txnCommit(TxnProducer producer, int generation, String memberId, TopicPartition tp,
                                             long offset) {
        return await(coordinator.commitTxnOffsets(GROUP, producer, generation, memberId, null,
                Map.of(tp, new OffsetCommit(offset, 3, "txn"))));
    }

    Map<TopicPartition, ErrorCode> txnCommit(TopicPartition tp, long offset) {
        return txnCommit(PRODUCER, -1, "", tp, offset);
    }

    void complete(long producerId, boolean committed) {
        await(coordinator.completeTransaction(coordinator.partitionFor(GROUP), producerId, committed));
    }

    @Test
    void offsetsWaitForTheCommitMarkerThenBecomeTheCommittedOnes() {
        assertEquals(Map.of(TP, ErrorCode.NONE), txnCommit(TP, 10));
        assertEquals(StoredOffset.NONE, committed(TP));
        assertTrue(await(coordinator.fetchOffsets(GROUP, null)).offsets().isEmpty());
        complete(PID, true);
        StoredOffset c = committed(TP);
        assertEquals(10, c.offset());
        assertEquals(3, c.leaderEpoch());
        assertEquals("txn", c.metadata());
        assertEquals(List.of(TP), List.copyOf(await(coordinator.fetchOffsets(GROUP, null)).offsets().keySet()));
    }

    @Test
    void abortDropsTheWaitingOffsetsAndALaterMarkerFindsNothing() {
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 5).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(TP, 10).get(TP));
        complete(PID, false);
        assertEquals(5, committed(TP).offset());
        complete(PID, true);
        assertEquals(5, committed(TP).offset());
    }

    @Test
    void fetchAnswersTheLastCommittedOffsetWhileATransactionalOneWaits() {
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 5).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(TP, 10).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(TP1, 11).get(TP1));
        assertEquals(5, committed(TP).offset());
        assertEquals(StoredOffset.NONE, committed(TP1));
        assertEquals(List.of(TP), List.copyOf(await(coordinator.fetchOffsets(GROUP, null)).offsets().keySet()));
    }

    @Test
    void aPlainCommitAppendedAfterTheTransactionalOneWinsAtCommit() {
        assertEquals(ErrorCode.NONE, txnCommit(TP, 10).get(TP));
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 7).get(TP));
        assertEquals(ErrorCode.NONE, commit(-1, "", TP1, 7).get(TP1));
        assertEquals(ErrorCode.NONE, txnCommit(TP1, 20).get(TP1));
        complete(PID, true);
        assertEquals(7, committed(TP).offset(), "the plain commit is newer in log order");
        assertEquals(20, committed(TP1).offset(), "the transactional commit is newer in log order");
    }

    @Test
    void onlyTheMarkersProducerAndPartitionComplete() {
        TxnProducer other = new TxnProducer("tx-2", PID + 1, (short) 0);
        assertEquals(ErrorCode.NONE, txnCommit(TP, 10).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(other, -1, "", TP1, 11).get(TP1));
        int elsewhere = (coordinator.partitionFor(GROUP) + 1) % PARTITIONS;
        await(coordinator.completeTransaction(elsewhere, PID, true));
        assertEquals(StoredOffset.NONE, committed(TP));
        complete(other.producerId(), true);
        assertEquals(StoredOffset.NONE, committed(TP));
        assertEquals(11, committed(TP1).offset());
        complete(PID, true);
        assertEquals(10, committed(TP).offset());
        Throwable bad = assertThrows(AssertionError.class,
                () -> await(coordinator.completeTransaction(PARTITIONS, PID, true))).getCause();
        assertTrue(bad.getCause() instanceof IllegalArgumentException, String.valueOf(bad));
    }

    @Test
    void theOffsetsGoAsOneTransactionalBatchOfTheProducer() {
        int p = coordinator.partitionFor(GROUP);
        int before = log.batchCount(p);
        Map<TopicPartition, OffsetCommit> two = new LinkedHashMap<>();
        two.put(TP, new OffsetCommit(1, -1, ""));
        two.put(TP1, new OffsetCommit(2, -1, ""));
        assertEquals(Map.of(TP, ErrorCode.NONE, TP1, ErrorCode.NONE),
                await(coordinator.commitTxnOffsets(GROUP, PRODUCER, -1, "", null, two)));
        assertEquals(before + 1, log.batchCount(p));
        RecordBatch b = log.batches(p).get(before);
        assertTrue(b.isTransactional());
        assertTrue(!b.isControl());
        assertEquals(PID, b.producerId());
        assertEquals(EPOCH, b.producerEpoch());
        assertEquals(0, b.baseSequence(), "Kafka writes coordinator batches with base sequence 0");
        assertEquals(2, b.recordCount());
        assertTrue(b.isChecksumValid());
        // A plain commit stays a plain batch.
        commit(-1, "", TP, 3);
        RecordBatch plain = log.batches(p).get(before + 1);
        assertTrue(!plain.isTransactional());
        assertEquals(RecordBatch.NO_PRODUCER_ID, plain.producerId());
    }

    @Test
    void memberChecksAreThoseOfOffsetCommitWhenAGenerationIsGiven() {
        String id = memberId();
        stableAlone(id);
        assertEquals(ErrorCode.NONE, txnCommit(PRODUCER, 1, id, TP, 10).get(TP));
        assertEquals(ErrorCode.ILLEGAL_GENERATION, txnCommit(PRODUCER, 0, id, TP, 11).get(TP));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, txnCommit(PRODUCER, 1, "stranger", TP, 12).get(TP));
        // Generation -1 and no member skip the check even while the group has members (Kafka).
        assertEquals(ErrorCode.NONE, txnCommit(PRODUCER, -1, "", TP1, 13).get(TP1));
        // A group this coordinator does not know, with a generation: an old generation.
        assertEquals(ErrorCode.ILLEGAL_GENERATION, await(coordinator.commitTxnOffsets("unknown-group", PRODUCER, 4, "m",
                null, Map.of(TP, new OffsetCommit(1, -1, null)))).get(TP));
        complete(PID, true);
        assertEquals(10, committed(TP).offset(), "refused commits left nothing waiting");
        assertEquals(13, committed(TP1).offset());
    }

    @Test
    void aMemberMayCommitWhileItsGroupCompletesARebalance() {
        String id = memberId();
        stableAlone(id);
        assertEquals(2, await(join(id)).generationId());
        assertEquals("CompletingRebalance", describe().state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, commit(2, id, TP, 1).get(TP));
        assertEquals(ErrorCode.NONE, txnCommit(PRODUCER, 2, id, TP, 2).get(TP));
    }

    @Test
    void anOldIncarnationOfAStaticMemberIsFenced() {
        JoinResult first = await(joinStatic("", "instance-1"));
        await(coordinator.sync(new SyncRequest(GROUP, 1, first.memberId(), "instance-1", null, null, Map.of())));
        JoinResult second = await(joinStatic("", "instance-1"));
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, await(coordinator.commitTxnOffsets(GROUP, PRODUCER, 1,
                first.memberId(), "instance-1", Map.of(TP, new OffsetCommit(1, -1, "")))).get(TP));
        assertEquals(ErrorCode.NONE, await(coordinator.commitTxnOffsets(GROUP, PRODUCER, 1,
                second.memberId(), "instance-1", Map.of(TP, new OffsetCommit(2, -1, "")))).get(TP));
    }

    @Test
    void aNodeThatDoesNotLeadThePartitionAnswersNotCoordinator() {
        int p = coordinator.partitionFor(GROUP);
        int records = log.records(p).size();
        await(coordinator.unloadPartition(p));
        assertEquals(ErrorCode.NOT_COORDINATOR, txnCommit(TP, 1).get(TP));
        assertEquals(records, log.records(p).size());
        await(coordinator.close());
        assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, txnCommit(TP, 1).get(TP));
    }

    @Test
    void whileThePartitionLoadsTheAnswerIsLoadInProgress() {
        await(coordinator.close());
        log.holdReplays();
        coordinator = new GroupCoordinator(context, config(), log, timer);
        Future<Void> loading = coordinator.loadPartition(coordinator.partitionFor(GROUP));
        settle();
        assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, txnCommit(TP, 1).get(TP));
        log.releaseReplays();
        await(loading);
        assertEquals(ErrorCode.NONE, txnCommit(TP, 1).get(TP));
    }

    @Test
    void badInputIsRefusedAndWritesNothing() {
        int p = coordinator.partitionFor(GROUP);
        int records = log.records(p).size();
        assertEquals(ErrorCode.INVALID_REQUEST, txnCommit(new TxnProducer("tx-1", -1, EPOCH), -1, "", TP, 1).get(TP));
        assertEquals(ErrorCode.INVALID_REQUEST, txnCommit(new TxnProducer("tx-1", PID, (short) -1), -1, "", TP, 1).get(TP));
        assertEquals(ErrorCode.INVALID_REQUEST, txnCommit(new TxnProducer("", PID, EPOCH), -1, "", TP, 1).get(TP));
        assertEquals(ErrorCode.INVALID_GROUP_ID, await(coordinator.commitTxnOffsets("", PRODUCER, -1, "", null,
                Map.of(TP, new OffsetCommit(1, -1, "")))).get(TP));
        Map<TopicPartition, ErrorCode> big = await(coordinator.commitTxnOffsets(GROUP, PRODUCER, -1, "", null, Map.of(
                TP, new OffsetCommit(5, -1, "x".repeat(GroupConfig.DEFAULT_OFFSET_METADATA_MAX_BYTES + 1)))));
        assertEquals(ErrorCode.OFFSET_METADATA_TOO_LARGE, big.get(TP));
        assertEquals(records, log.records(p).size());
    }

    @Test
    void aFailedAppendAnswersTheMappedErrorAndLeavesNothingWaiting() {
        log.failAppends(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertEquals(ErrorCode.NOT_COORDINATOR, txnCommit(TP, 10).get(TP));
        log.failAppends(ErrorCode.INVALID_PRODUCER_EPOCH);
        assertEquals(ErrorCode.INVALID_PRODUCER_EPOCH, txnCommit(TP, 10).get(TP));
        log.failAppends(null);
        complete(PID, true);
        assertEquals(StoredOffset.NONE, committed(TP));
    }
}
