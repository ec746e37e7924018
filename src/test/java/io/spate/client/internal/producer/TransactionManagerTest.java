package io.spate.client.internal.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.ProducerConfig;
import io.spate.client.TransactionAbortedException;
import io.spate.client.internal.producer.TransactionManager.ErrorClass;
import io.spate.client.internal.producer.TransactionManager.State;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatchBuilder;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transactional producer's state machine and error classes, without a network. */
class TransactionManagerTest {
    /** Kafka's moves, written out here independently of the class's table. */
    private static final Map<State, Set<State>> ALLOWED = Map.of(
            State.UNINITIALIZED, EnumSet.of(State.INITIALIZING, State.FATAL_ERROR),
            State.INITIALIZING, EnumSet.of(State.READY, State.UNINITIALIZED, State.FATAL_ERROR),
            State.READY, EnumSet.of(State.IN_TRANSACTION, State.FATAL_ERROR),
            State.IN_TRANSACTION, EnumSet.of(State.COMMITTING_TRANSACTION, State.ABORTING_TRANSACTION,
                    State.ABORTABLE_ERROR, State.FATAL_ERROR),
            State.COMMITTING_TRANSACTION, EnumSet.of(State.READY, State.ABORTABLE_ERROR, State.FATAL_ERROR),
            State.ABORTING_TRANSACTION, EnumSet.of(State.READY, State.FATAL_ERROR),
            State.ABORTABLE_ERROR, EnumSet.of(State.ABORTING_TRANSACTION, State.FATAL_ERROR),
            State.FATAL_ERROR, EnumSet.noneOf(State.class));

    /** A path from UNINITIALIZED to each state. */
    private static final Map<State, List<State>> PATH = Map.of(
            State.UNINITIALIZED, List.of(),
            State.INITIALIZING, List.of(State.INITIALIZING),
            State.READY, List.of(State.INITIALIZING, State.READY),
            State.IN_TRANSACTION, List.of(State.INITIALIZING, State.READY, State.IN_TRANSACTION),
            State.COMMITTING_TRANSACTION, List.of(State.INITIALIZING, State.READY, State.IN_TRANSACTION,
                    State.COMMITTING_TRANSACTION),
            State.ABORTING_TRANSACTION, List.of(State.INITIALIZING, State.READY, State.IN_TRANSACTION,
                    State.ABORTING_TRANSACTION),
            State.ABORTABLE_ERROR, List.of(State.INITIALIZING, State.READY, State.IN_TRANSACTION, State.ABORTABLE_ERROR),
            State.FATAL_ERROR, List.of(State.FATAL_ERROR));

    private static TransactionManager manager() {
        return new TransactionManager(null, new ProducerConfig().setTransactionalId("tx"), null, () -> { });
    }

    private static TransactionManager at(State state) {
        TransactionManager tm = manager();
        for (State s : PATH.get(state)) {
            if (s == State.FATAL_ERROR) {
                tm.fatal(new SpateException(ErrorCode.PRODUCER_FENCED, "fenced"));
            } else if (s == State.ABORTABLE_ERROR) {
                tm.transactionError(new SpateException(ErrorCode.INVALID_RECORD, "bad"));
            } else {
                tm.transitionTo(s);
            }
        }
        assertEquals(state, tm.state());
        return tm;
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void everyMoveTheStateMachineHasIsAllowedAndNoOther(State from) {
        for (State to : State.values()) {
            TransactionManager tm = at(from);
            if (ALLOWED.get(from).contains(to)) {
                tm.transitionTo(to);
                assertEquals(to, tm.state());
            } else {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> tm.transitionTo(to), from + " -> " + to);
                assertTrue(e.getMessage().contains("cannot go from " + from + " to " + to), e.getMessage());
                assertEquals(from, tm.state(), "a refused move changes nothing");
            }
        }
    }

    @Test
    void errorsAreSortedAsKafkaDoes() {
        for (ErrorCode e : List.of(ErrorCode.PRODUCER_FENCED, ErrorCode.INVALID_PRODUCER_EPOCH,
                ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)) {
            assertEquals(ErrorClass.FATAL, TransactionManager.classify(e), e.name());
        }
        for (ErrorCode e : List.of(ErrorCode.NOT_COORDINATOR, ErrorCode.COORDINATOR_NOT_AVAILABLE,
                ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.CONCURRENT_TRANSACTIONS, ErrorCode.NETWORK_EXCEPTION,
                ErrorCode.REQUEST_TIMED_OUT, ErrorCode.NOT_LEADER_OR_FOLLOWER)) {
            assertEquals(ErrorClass.RETRIABLE, TransactionManager.classify(e), e.name());
        }
        for (ErrorCode e : List.of(ErrorCode.INVALID_RECORD, ErrorCode.INVALID_TXN_STATE, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                ErrorCode.UNKNOWN_PRODUCER_ID, ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.ILLEGAL_GENERATION)) {
            assertEquals(ErrorClass.ABORTABLE, TransactionManager.classify(e), e.name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"IN_TRANSACTION", "COMMITTING_TRANSACTION"})
    void anErrorInsideATransactionMakesItAbortable(State state) {
        TransactionManager tm = at(state);
        tm.transactionError(new SpateException(ErrorCode.INVALID_RECORD, "refused"));
        assertEquals(State.ABORTABLE_ERROR, tm.state());
        SpateException refusal = assertInstanceOf(SpateException.class, tm.sendRefusal());
        assertEquals(ErrorCode.INVALID_RECORD, refusal.error());
        assertSame(refusal, tm.unsentBatchError(), "unsent batches fail with the same error");
        tm.transactionError(new SpateException(ErrorCode.MESSAGE_TOO_LARGE, "second"));
        assertEquals(ErrorCode.INVALID_RECORD, ((SpateException) tm.sendRefusal()).error(), "the first error is kept");
        tm.transitionTo(State.ABORTING_TRANSACTION); // the abort works
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"UNINITIALIZED", "READY", "ABORTING_TRANSACTION"})
    void anAbortableErrorOutsideAnOpenTransactionChangesNothing(State state) {
        TransactionManager tm = at(state);
        tm.transactionError(new SpateException(ErrorCode.INVALID_RECORD, "late answer"));
        assertEquals(state, tm.state());
        assertNull(tm.unsentBatchError());
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = "FATAL_ERROR", mode = EnumSource.Mode.EXCLUDE)
    void aFatalErrorIsFinalFromAnyState(State state) {
        TransactionManager tm = at(state);
        tm.transactionError(new SpateException(ErrorCode.PRODUCER_FENCED, "a newer producer"));
        assertEquals(State.FATAL_ERROR, tm.state());
        SpateException fatal = assertInstanceOf(SpateException.class, tm.sendRefusal());
        assertEquals(ErrorCode.PRODUCER_FENCED, fatal.error());
        assertSame(fatal, assertThrows(SpateException.class, tm::beginTransaction), "later calls fail with it");
        assertSame(fatal, tm.unsentBatchError());
        tm.transactionError(new SpateException(ErrorCode.INVALID_PRODUCER_EPOCH, "again"));
        assertSame(fatal, tm.sendRefusal(), "the first fatal error stays");
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = "IN_TRANSACTION", mode = EnumSource.Mode.EXCLUDE)
    void sendsAreRefusedOutsideAnOpenTransaction(State state) {
        TransactionManager tm = at(state);
        assertTrue(tm.sendRefusal() != null, state.name());
        if (state != State.ABORTABLE_ERROR && state != State.FATAL_ERROR) {
            assertInstanceOf(IllegalStateException.class, tm.sendRefusal());
        }
    }

    @Test
    void beginTransactionOpensOneFromReadyOnly() {
        TransactionManager tm = at(State.READY);
        tm.beginTransaction();
        assertNull(tm.sendRefusal());
        IllegalStateException twice = assertThrows(IllegalStateException.class, tm::beginTransaction);
        assertTrue(twice.getMessage().contains("already open"), twice.getMessage());
        IllegalStateException early = assertThrows(IllegalStateException.class, at(State.UNINITIALIZED)::beginTransaction);
        assertTrue(early.getMessage().contains("initTransactions() first"), early.getMessage());
    }

    @Test
    void aFailedNumberedBatchMakesTheAbortBumpTheEpochAndOnlyItsFailureCounts() {
        TransactionManager tm = at(State.IN_TRANSACTION);
        ProducerBatch unnumbered = batch();
        tm.batchFailed(unnumbered, new TransactionAbortedException("tx"));
        assertFalse(tm.epochBumpNeeded(), "a batch never sent leaves no gap");
        assertEquals(State.IN_TRANSACTION, tm.state(), "the abort's own failures are no error");
        ProducerBatch numbered = batch();
        numbered.setProducerState(1, (short) 0, 0);
        tm.batchFailed(numbered, new SpateException(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "gap"));
        assertTrue(tm.epochBumpNeeded());
        assertEquals(State.ABORTABLE_ERROR, tm.state());
    }

    @Test
    void aPartitionGoesOnlyOnceAddedAndIsQueuedOnce() {
        TransactionManager tm = at(State.IN_TRANSACTION);
        TopicPartition tp = new TopicPartition("t", 0);
        assertFalse(tm.isPartitionAdded(tp));
        assertFalse(tm.isPartitionAdded(tp));
        assertTrue(tm.addedPartitions().isEmpty());
    }

    private static ProducerBatch batch() {
        RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 128);
        ProducerBatch b = new ProducerBatch(new TopicPartition("t", 0), builder, 0);
        b.append(new io.spate.client.ProducerRecord("t", 0, null, new byte[1]), 0, io.vertx.core.Promise.promise(), 10);
        return b;
    }
}
