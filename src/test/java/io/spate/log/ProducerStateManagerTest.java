package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.log.ProducerBatchRefusedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The idempotent producer's rules in {@link ProducerStateManager}, without a log. */
class ProducerStateManagerTest {
    private static final long PID = 42;
    private final ProducerStateManager state = new ProducerStateManager("orders-0");

    /** Records batches of 10 records each at sequences 0, 10, 20, ... at offsets 100 * i. */
    private void written(int batches, short epoch) {
        for (int i = 0; i < batches; i++) {
            int first = i * 10;
            assertNull(state.checkAppend(PID, epoch, first, first + 9));
            state.update(PID, epoch, first, first + 9, 100L * i, 100L * i + 9, 5000 + i, 1);
        }
    }

    private Reason refusal(short epoch, int first, int last) {
        return assertThrows(ProducerBatchRefusedException.class, () -> state.checkAppend(PID, epoch, first, last))
                .reason();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void eachOfTheLastFiveBatchesIsADuplicateWithItsFirstOffsets(int back) {
        written(7, (short) 0); // batches 0..6; the last five are 2..6
        int i = 6 - back;
        BatchMetadata dup = state.checkAppend(PID, (short) 0, i * 10, i * 10 + 9);
        assertNotNull(dup);
        assertEquals(100L * i, dup.firstOffset());
        assertEquals(100L * i + 9, dup.lastOffset());
        assertEquals(5000 + i, dup.maxTimestamp());
    }

    @Test
    void aRetryOfTheSixthNewestBatchIsOutOfOrder() {
        written(7, (short) 0);
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE, refusal((short) 0, 10, 19)); // batch 1: no longer remembered
    }

    @Test
    void aGapIsOutOfOrderAndTheNextSequenceIsAccepted() {
        written(2, (short) 0); // last seq 19
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE, refusal((short) 0, 21, 25));
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE, refusal((short) 0, 15, 25)); // overlaps, not a duplicate
        assertNull(state.checkAppend(PID, (short) 0, 20, 29));
    }

    @Test
    void anOlderEpochIsRefusedEvenForADuplicate() {
        written(1, (short) 3);
        ProducerBatchRefusedException e = assertThrows(ProducerBatchRefusedException.class,
                () -> state.checkAppend(PID, (short) 2, 0, 9));
        assertEquals(Reason.INVALID_PRODUCER_EPOCH, e.reason());
        assertTrue(e.getMessage().contains("orders-0") && e.getMessage().contains("producer 42")
                && e.getMessage().contains("epoch 2"), e.getMessage());
    }

    @Test
    void aNewerEpochMustStartAtSequenceZero() {
        written(3, (short) 0);
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE, refusal((short) 1, 30, 39));
        assertNull(state.checkAppend(PID, (short) 1, 0, 4));
        state.update(PID, (short) 1, 0, 4, 900, 904, 1, 2);
        // the old epoch's batches are forgotten: its sequences are no duplicates in the new epoch
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE, refusal((short) 1, 10, 19));
        assertEquals(1, state.entry(PID).batches().size());
        assertEquals(Reason.INVALID_PRODUCER_EPOCH, refusal((short) 0, 30, 39));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 57, Integer.MAX_VALUE - 3})
    void anUnknownProducerIsAcceptedAtAnySequence(int first) {
        assertNull(state.checkAppend(PID, (short) 5, first, first + 3));
    }

    @Test
    void sequencesWrapPastIntegerMaxValueToZero() {
        int first = Integer.MAX_VALUE - 1;
        int last = ProducerStateManager.lastSequence(first, 3); // MAX-1, MAX, 0, 1
        assertEquals(1, last);
        state.update(PID, (short) 0, first, last, 0, 3, 1, 1);
        assertEquals(Reason.OUT_OF_ORDER_SEQUENCE, refusal((short) 0, 3, 3));
        assertNull(state.checkAppend(PID, (short) 0, 2, 2));
        assertNotNull(state.checkAppend(PID, (short) 0, first, last));
        state.update(PID, (short) 0, Integer.MAX_VALUE - 5, Integer.MAX_VALUE, 10, 15, 1, 1);
        assertNull(state.checkAppend(PID, (short) 0, 0, 0)); // after MAX comes 0
    }

    @Test
    void producersNotUpdatedForTheExpirationAreForgotten() {
        state.update(1, (short) 0, 0, 0, 0, 0, 1, 1_000);
        state.update(2, (short) 0, 0, 0, 1, 1, 1, 5_000);
        assertEquals(1, state.removeExpired(11_000, 10_000));
        assertNull(state.entry(1));
        assertNotNull(state.entry(2));
        // forgotten: any sequence again
        assertNull(state.checkAppend(1, (short) 0, 77, 77));
    }
}
