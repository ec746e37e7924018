package io.spate.txn;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What survives a coordinator: reload, failover in the middle of a commit, timeouts, expiry, the record format. */
@Timeout(30)
class TxnRecoveryTest extends TxnTestSupport {
    @Test
    void aCoordinatorRebuiltFromTheTopicAnswersTheSame() {
        InitPidResult p = initOk(TXN);
        add(TXN, p, T0, T1);
        InitPidResult other = initOk("other");
        TxnDescription before = describe(TXN);
        restart(6);
        assertEquals(before, describe(TXN));
        assertEquals(TxnState.EMPTY, state("other"));
        // the fenced epoch stays fenced, the current one goes on
        assertEquals(ErrorCode.PRODUCER_FENCED, add(TXN, new InitPidResult(ErrorCode.NONE, p.producerId(),
                (short) (p.producerEpoch() - 1)), T0));
        assertEquals(ErrorCode.NONE, end(TXN, p, true));
        eventually("complete", () -> state(TXN) == TxnState.COMPLETE_COMMIT);
        assertEquals(6, markers.sent().get(0).coordinatorEpoch());
        assertEquals(ErrorCode.NONE, add("other", other, T0));
    }

    @Test
    void failoverCompletesAPrepareCommitLeftByTheOldCoordinator() {
        int partition = partitionOf(TXN);
        TopicPartition data = new TopicPartition("payments", 4);
        TxnMetadata prepared = new TxnMetadata(TXN, 4242, -1, (short) 3, (short) -1, TIMEOUT_MS,
                TxnState.PREPARE_COMMIT, Set.of(T0, data), 10, 20);
        log.appendRaw(partition, TransactionCoordinatorTest.batch(prepared));
        restart(9);
        eventually("completed after the reload", () -> state(TXN) == TxnState.COMPLETE_COMMIT);
        TxnMarker m = markers.sent().get(0);
        assertEquals(4242, m.producerId());
        assertEquals(3, m.producerEpoch());
        assertTrue(m.committed());
        assertEquals(9, m.coordinatorEpoch());
        assertEquals(Set.of(T0, data), m.partitions());
        assertEquals(List.of(TxnState.PREPARE_COMMIT, TxnState.COMPLETE_COMMIT), statesOf(TXN, partition));
    }

    @Test
    void aLostPartitionStopsTheMarkersOfItsIds() {
        InitPidResult p = initOk(TXN);
        add(TXN, p, T0);
        markers.fail(T0, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertEquals(ErrorCode.NONE, end(TXN, p, true));
        await(coordinator.unloadPartition(partitionOf(TXN)));
        int sent = markers.sent().size();
        io.spate.testing.Eventually.pause(4 * MarkerWriter.RETRY_BACKOFF_MS);
        assertTrue(markers.sent().size() <= sent + 1, "no more markers once the partition is gone");
        assertEquals(List.of(TxnState.EMPTY, TxnState.ONGOING, TxnState.PREPARE_COMMIT), statesOf(TXN, partitionOf(TXN)));
    }

    @Test
    void aTimedOutTransactionIsAbortedWithAnEpochBump() {
        InitPidResult p = initOk(TXN);
        add(TXN, p, T0);
        assertEquals(0, await(coordinator.abortTimedOutTransactions(time.milliseconds() + TIMEOUT_MS)));
        time.advance(TIMEOUT_MS + 1);
        assertEquals(1, await(coordinator.abortTimedOutTransactions(time.milliseconds())));
        eventually("aborted", () -> state(TXN) == TxnState.COMPLETE_ABORT);
        assertEquals(p.producerEpoch() + 1, describe(TXN).producerEpoch());
        TxnMarker m = markers.sent().get(0);
        assertTrue(!m.committed());
        assertEquals(p.producerEpoch() + 1, m.producerEpoch());
        assertEquals(ErrorCode.PRODUCER_FENCED, end(TXN, p, true), "the producer that left it is fenced");
        assertEquals(ErrorCode.PRODUCER_FENCED, add(TXN, p, T1));
    }

    @Test
    void idleIdsExpireWithATombstone() {
        InitPidResult p = initOk(TXN);
        InitPidResult busy = initOk("busy");
        add("busy", busy, T0);
        time.advance(604_800_000L);
        assertEquals(1, await(coordinator.expireTransactionalIds(time.milliseconds())));
        eventually("expired", () -> describe(TXN).error() == ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
        List<TxnState> written = statesOf(TXN, partitionOf(TXN));
        assertNull(written.get(written.size() - 1), "a tombstone");
        assertEquals(TxnState.ONGOING, state("busy"), "an id with an open transaction does not expire");
        assertEquals(ErrorCode.INVALID_PRODUCER_ID_MAPPING, add(TXN, p, T0));
        restart(6);
        assertEquals(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, describe(TXN).error(), "still gone after a reload");
    }

    @Test
    void recordsAreKafkasTransactionLogFormat() {
        TxnMetadata m = new TxnMetadata("id-1", 0x0102030405060708L, -1, (short) 9, (short) -1, 60_000,
                TxnState.ONGOING, Set.of(new TopicPartition("t", 2), new TopicPartition("t", 1)), 111, 222);
        byte[] key = TxnRecordCodec.key("id-1");
        assertEquals(java.util.HexFormat.of().formatHex(key), "0000" + "0004" + "69642d31");
        java.nio.ByteBuffer v = java.nio.ByteBuffer.wrap(TxnRecordCodec.value(m));
        assertEquals(0, v.getShort());
        assertEquals(0x0102030405060708L, v.getLong());
        assertEquals(9, v.getShort());
        assertEquals(60_000, v.getInt());
        assertEquals(1, v.get(), "Ongoing is status 1");
        assertEquals(1, v.getInt(), "one topic");
        assertEquals(1, v.getShort());
        assertEquals('t', v.get());
        assertEquals(2, v.getInt());
        assertEquals(1, v.getInt());
        assertEquals(2, v.getInt());
        assertEquals(222, v.getLong(), "last update");
        assertEquals(111, v.getLong(), "start");
        assertEquals(0, v.remaining());
        assertEquals("id-1", TxnRecordCodec.readKey(key));
        TxnMetadata read = TxnRecordCodec.readValue("id-1", TxnRecordCodec.value(m));
        assertEquals(m, read);
        TxnMetadata empty = TxnMetadata.created("id-1", 5, 1000, 7);
        java.nio.ByteBuffer e = java.nio.ByteBuffer.wrap(TxnRecordCodec.value(empty));
        e.position(2 + 8 + 2 + 4 + 1);
        assertEquals(-1, e.getInt(), "an Empty state's partitions are null");
        assertEquals(empty, TxnRecordCodec.readValue("id-1", TxnRecordCodec.value(empty)));
        assertThrows(IllegalArgumentException.class, () -> TxnRecordCodec.readKey(new byte[] {0, 1, 0, 0}));
    }

    @Test
    void aCorruptRecordFailsTheLoadAndLeavesThePartitionUnserved() {
        int partition = partitionOf(TXN);
        io.spate.record.RecordBatchBuilder b = new io.spate.record.RecordBatchBuilder(io.spate.record.CompressionType.NONE, 64);
        b.append(1, TxnRecordCodec.key(TXN), new byte[] {0, 0, 1}, null);
        log.appendRaw(partition, b.build());
        await(coordinator.close());
        coordinator = newCoordinator();
        assertTrue(coordinator.loadPartition(partition, 1).toCompletionStage().toCompletableFuture()
                .handle((v, err) -> err != null).join());
        assertEquals(ErrorCode.NOT_COORDINATOR, describe(TXN).error());
    }
}
