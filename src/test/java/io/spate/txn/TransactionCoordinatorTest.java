package io.spate.txn;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coordinator's transitions and the error of each refused request, Kafka's rules. */
@Timeout(30)
class TransactionCoordinatorTest extends TxnTestSupport {
    @Test
    void newIdGetsANewProducerIdAtEpochZeroWrittenBeforeTheAnswer() {
        InitPidResult r = initOk(TXN);
        assertEquals(0, r.producerEpoch());
        assertTrue(r.producerId() >= 1000);
        assertEquals(List.of(TxnState.EMPTY), statesOf(TXN, partitionOf(TXN)));
        assertEquals(TxnState.EMPTY, state(TXN));
    }

    @Test
    void partitionForIsKafkasRule() {
        String id = "polygenelubricants"; // hashCode Integer.MIN_VALUE: Math.abs would stay negative
        assertEquals(Integer.MIN_VALUE, id.hashCode());
        assertEquals((id.hashCode() & 0x7fffffff) % PARTITIONS, coordinator.partitionFor(id));
        assertEquals(("abc".hashCode() & 0x7fffffff) % PARTITIONS, coordinator.partitionFor("abc"));
    }

    @Test
    void commitRunsPrepareMarkersComplete() {
        InitPidResult p = initOk(TXN);
        assertEquals(ErrorCode.NONE, add(TXN, p, T0, T1));
        assertEquals(TxnState.ONGOING, state(TXN));
        assertEquals(Set.of(T0, T1), describe(TXN).partitions());
        assertEquals(ErrorCode.NONE, end(TXN, p, true));
        eventually("complete", () -> state(TXN) == TxnState.COMPLETE_COMMIT);
        assertEquals(List.of(TxnState.EMPTY, TxnState.ONGOING, TxnState.PREPARE_COMMIT, TxnState.COMPLETE_COMMIT),
                statesOf(TXN, partitionOf(TXN)));
        TxnMarker m = markers.sent().get(0);
        assertEquals(p.producerId(), m.producerId());
        assertEquals(p.producerEpoch(), m.producerEpoch());
        assertTrue(m.committed());
        assertEquals(5, m.coordinatorEpoch(), "the coordinator epoch is the partition's leader epoch");
        assertEquals(Set.of(T0, T1), m.partitions());
        assertTrue(describe(TXN).partitions().isEmpty());
        // a retried EndTxn after completion gets the same result
        assertEquals(ErrorCode.NONE, end(TXN, p, true));
        assertEquals(ErrorCode.INVALID_TXN_STATE, end(TXN, p, false));
        // the next transaction starts from CompleteCommit
        assertEquals(ErrorCode.NONE, add(TXN, p, T1));
        assertEquals(Set.of(T1), describe(TXN).partitions());
    }

    @Test
    void abortEndsWithCompleteAbortAndAbortMarkers() {
        InitPidResult p = initOk(TXN);
        add(TXN, p, T0);
        assertEquals(ErrorCode.NONE, end(TXN, p, false));
        eventually("complete", () -> state(TXN) == TxnState.COMPLETE_ABORT);
        assertTrue(!markers.sent().get(0).committed());
        assertEquals(ErrorCode.NONE, end(TXN, p, false));
        assertEquals(ErrorCode.INVALID_TXN_STATE, end(TXN, p, true));
    }

    @Test
    void endTxnWithoutATransactionIsInvalidTxnState() {
        InitPidResult p = initOk(TXN);
        assertEquals(ErrorCode.INVALID_TXN_STATE, end(TXN, p, true));
        assertEquals(ErrorCode.INVALID_TXN_STATE, end(TXN, p, false));
    }

    @Test
    void whileMarkersAreOutstandingTheTransactionIsConcurrent() {
        InitPidResult p = initOk(TXN);
        add(TXN, p, T0);
        markers.fail(T0, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertEquals(ErrorCode.NONE, end(TXN, p, true));
        assertEquals(TxnState.PREPARE_COMMIT, state(TXN));
        assertEquals(ErrorCode.CONCURRENT_TRANSACTIONS, end(TXN, p, true));
        assertEquals(ErrorCode.CONCURRENT_TRANSACTIONS, add(TXN, p, T1));
        assertEquals(ErrorCode.CONCURRENT_TRANSACTIONS, init(TXN).error());
        eventually("retried", () -> markers.sent().size() >= 3);
        assertEquals(TxnState.PREPARE_COMMIT, state(TXN), "not complete while a partition refuses");
        markers.fail(T0, null);
        eventually("complete once the leader answers", () -> state(TXN) == TxnState.COMPLETE_COMMIT);
    }

    @Test
    void markersAreRetriedWhileTheLeaderIsUnreachable() {
        InitPidResult p = initOk(TXN);
        add(TXN, p, T0);
        markers.unreachable(true);
        assertEquals(ErrorCode.NONE, end(TXN, p, false));
        eventually("retried", () -> markers.sent().size() >= 2);
        assertEquals(TxnState.PREPARE_ABORT, state(TXN));
        markers.unreachable(false);
        eventually("complete", () -> state(TXN) == TxnState.COMPLETE_ABORT);
    }

    @Test
    void requestsOfAnUnknownIdOrAnotherProducerIdAreInvalidMappings() {
        InitPidResult p = initOk(TXN);
        InitPidResult other = new InitPidResult(ErrorCode.NONE, p.producerId() + 1, p.producerEpoch());
        assertEquals(ErrorCode.INVALID_PRODUCER_ID_MAPPING, add(TXN, other, T0));
        assertEquals(ErrorCode.INVALID_PRODUCER_ID_MAPPING, end(TXN, other, true));
        assertEquals(ErrorCode.INVALID_PRODUCER_ID_MAPPING, add("unknown", p, T0));
        assertEquals(ErrorCode.INVALID_PRODUCER_ID_MAPPING, end("unknown", p, true));
        assertEquals(TxnState.EMPTY, state(TXN), "nothing changed");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT,
                await(coordinator.initProducerId(TXN, 900_001, -1, (short) -1)).error());
        assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT, await(coordinator.initProducerId(TXN, 0, -1, (short) -1)).error());
        assertEquals(ErrorCode.INVALID_REQUEST, init("").error());
        assertEquals(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, describe(TXN).error());
        assertTrue(log.records(partitionOf(TXN)).isEmpty());
    }

    @Test
    void secondInitProducerIdFencesTheFirstInstance() {
        InitPidResult first = initOk(TXN);
        InitPidResult second = initOk(TXN);
        assertEquals(first.producerId(), second.producerId());
        assertEquals(first.producerEpoch() + 1, second.producerEpoch());
        assertEquals(ErrorCode.PRODUCER_FENCED, add(TXN, first, T0));
        assertEquals(ErrorCode.PRODUCER_FENCED, end(TXN, first, true));
        assertEquals(ErrorCode.NONE, add(TXN, second, T0));
    }

    @Test
    void initProducerIdAbortsTheOpenTransactionUnderABumpedEpochFirst() {
        InitPidResult first = initOk(TXN);
        add(TXN, first, T0);
        assertEquals(ErrorCode.CONCURRENT_TRANSACTIONS, init(TXN).error(), "the client retries while the abort runs");
        eventually("aborted", () -> state(TXN) == TxnState.COMPLETE_ABORT);
        TxnMarker abort = markers.sent().get(0);
        assertTrue(!abort.committed());
        assertEquals(first.producerEpoch() + 1, abort.producerEpoch(), "the marker fences the old epoch");
        assertEquals(ErrorCode.PRODUCER_FENCED, end(TXN, first, true));
        InitPidResult second = initOk(TXN);
        assertEquals(first.producerEpoch() + 2, second.producerEpoch());
        assertEquals(List.of(TxnState.EMPTY, TxnState.ONGOING, TxnState.PREPARE_ABORT, TxnState.COMPLETE_ABORT,
                TxnState.EMPTY), statesOf(TXN, partitionOf(TXN)));
    }

    @Test
    void kip360BumpWithTheCurrentProducerIdAndEpoch() {
        InitPidResult p = initOk(TXN);
        InitPidResult bumped = await(coordinator.initProducerId(TXN, TIMEOUT_MS, p.producerId(), p.producerEpoch()));
        assertEquals(ErrorCode.NONE, bumped.error());
        assertEquals(p.producerEpoch() + 1, bumped.producerEpoch());
        // the same request again (its answer was lost): the same id and epoch, no second bump
        InitPidResult retried = await(coordinator.initProducerId(TXN, TIMEOUT_MS, p.producerId(), p.producerEpoch()));
        assertEquals(bumped, retried);
        assertEquals(ErrorCode.PRODUCER_FENCED, await(coordinator.initProducerId(TXN, TIMEOUT_MS, p.producerId() + 7,
                p.producerEpoch())).error());
        assertEquals(ErrorCode.PRODUCER_FENCED, await(coordinator.initProducerId(TXN, TIMEOUT_MS, p.producerId(),
                (short) (p.producerEpoch() + 5))).error());
    }

    @Test
    void anExhaustedEpochMovesToANewProducerId() {
        int partition = partitionOf(TXN);
        TxnMetadata old = new TxnMetadata(TXN, 77, -1, TxnMetadata.MAX_EPOCH, (short) -1, TIMEOUT_MS,
                TxnState.COMPLETE_COMMIT, Set.of(), 1, time.milliseconds());
        log.appendRaw(partition, batch(old));
        restart(6);
        InitPidResult r = initOk(TXN);
        assertNotEquals(77, r.producerId());
        assertEquals(0, r.producerEpoch());
    }

    @Test
    void addPartitionsTwiceWritesOnceAndPrepareRefusesAdds() {
        InitPidResult p = initOk(TXN);
        add(TXN, p, T0);
        int before = log.records(partitionOf(TXN)).size();
        assertEquals(ErrorCode.NONE, add(TXN, p, T0));
        assertEquals(before, log.records(partitionOf(TXN)).size(), "already in the transaction: nothing written");
    }

    @Test
    void aFailedAppendIsAnsweredAndChangesNothing() {
        InitPidResult p = initOk(TXN);
        log.failAppends(ErrorCode.NOT_ENOUGH_REPLICAS);
        assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, add(TXN, p, T0));
        assertEquals(TxnState.EMPTY, state(TXN));
        log.failAppends(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertEquals(ErrorCode.NOT_COORDINATOR, init(TXN).error());
        assertEquals(0, describe(TXN).producerEpoch(), "the epoch was not bumped");
        log.failAppends(null);
        assertEquals(ErrorCode.NONE, add(TXN, p, T0));
    }

    @Test
    void unloadedPartitionsAnswerNotCoordinator() {
        InitPidResult p = initOk(TXN);
        await(coordinator.unloadPartition(partitionOf(TXN)));
        assertEquals(ErrorCode.NOT_COORDINATOR, add(TXN, p, T0));
        assertEquals(ErrorCode.NOT_COORDINATOR, end(TXN, p, true));
        assertEquals(ErrorCode.NOT_COORDINATOR, init(TXN).error());
        assertEquals(ErrorCode.NOT_COORDINATOR, describe(TXN).error());
    }

    @Test
    void describeAndListShowTheState() {
        InitPidResult a = initOk("a");
        InitPidResult b = initOk("b");
        add("a", a, T0);
        time.advance(5_000);
        TxnDescription d = describe("a");
        assertEquals(TxnState.ONGOING, d.state());
        assertEquals(TIMEOUT_MS, d.timeoutMs());
        assertEquals(a.producerId(), d.producerId());
        assertEquals(1_000_000L, d.startMs());
        TxnListing all = await(coordinator.list(List.of(), Set.of(), -1));
        assertEquals(List.of("a", "b"), all.transactions().stream().map(TxnListing.Listed::transactionalId).toList());
        TxnListing ongoing = await(coordinator.list(List.of("Ongoing", "Nonsense"), Set.of(), -1));
        assertEquals(List.of("a"), ongoing.transactions().stream().map(TxnListing.Listed::transactionalId).toList());
        assertEquals(List.of("Nonsense"), ongoing.unknownStates());
        assertEquals(List.of("b"), await(coordinator.list(List.of(), Set.of(b.producerId()), -1)).transactions().stream()
                .map(TxnListing.Listed::transactionalId).toList());
        assertEquals(1, await(coordinator.list(List.of(), Set.of(), 5_000)).transactions().size());
        assertEquals(0, await(coordinator.list(List.of(), Set.of(), 5_001)).transactions().size());
    }

    @Test
    void stateMachineRefusesTransitionsItDoesNotList() {
        TxnMetadata empty = TxnMetadata.created(TXN, 1, TIMEOUT_MS, 0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> empty.toPrepare(true, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> empty.toComplete(1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> empty.toFencedAbort(1));
        TxnMetadata ongoing = empty.toOngoing(Set.of(T0), 1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> ongoing.toEmptyWithBumpedEpoch(1, 2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> ongoing.toDead(2));
        TxnMetadata prepared = ongoing.toPrepare(true, 2);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> prepared.toOngoing(Set.of(T1), 3));
        assertEquals(TxnState.COMPLETE_COMMIT, prepared.toComplete(3).state());
        for (TxnState s : TxnState.values()) {
            assertEquals(s, TxnState.forId(s.id()));
            assertEquals(s, TxnState.forWireName(s.wireName()));
        }
        assertEquals(Set.of(TxnState.ONGOING, TxnState.PREPARE_EPOCH_FENCE), TxnState.PREPARE_ABORT.validPrevious());
        assertTrue(Arrays.stream(TxnState.values()).noneMatch(s -> s.validPrevious().contains(TxnState.DEAD)));
    }

    static java.nio.ByteBuffer batch(TxnMetadata m) {
        io.spate.record.RecordBatchBuilder b = new io.spate.record.RecordBatchBuilder(io.spate.record.CompressionType.NONE, 256);
        b.append(m.lastUpdateMs(), TxnRecordCodec.key(m.transactionalId()), TxnRecordCodec.value(m), null);
        return b.build();
    }
}
