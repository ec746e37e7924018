package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.TopicPartition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every reset mode, the clamping into [log start, log end], and the partitions without a commit. */
class OffsetResetPlannerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    /** Committed 50 in a log [10, 100) whose offset for the asked time is 70. */
    private static PartitionPosition committedAt50() {
        return new PartitionPosition(P0, 50L, 10, 100, 70L);
    }

    private static long planOne(ResetTarget target, PartitionPosition p) {
        List<PlannedReset> plan = OffsetResetPlanner.plan(target, List.of(p));
        assertEquals(1, plan.size());
        assertEquals(p.partition(), plan.get(0).partition());
        assertEquals(p.committed(), plan.get(0).currentOffset());
        return plan.get(0).newOffset();
    }

    @Test
    void toEarliestAndToLatestTakeTheLogBounds() {
        assertEquals(10, planOne(ResetTarget.earliest(), committedAt50()));
        assertEquals(100, planOne(ResetTarget.latest(), committedAt50()));
    }

    @ParameterizedTest(name = "--to-offset {0} in [10, 100] → {1}")
    @CsvSource({"42, 42", "10, 10", "100, 100", "5, 10", "0, 10", "101, 100", "9223372036854775807, 100"})
    void toOffsetIsClampedIntoTheLog(long requested, long expected) {
        assertEquals(expected, planOne(ResetTarget.offset(requested), committedAt50()));
    }

    @ParameterizedTest(name = "--shift-by {0} from 50 in [10, 100] → {1}")
    @CsvSource({"5, 55", "-5, 45", "0, 50", "-40, 10", "-41, 10", "50, 100", "51, 100",
            "9223372036854775807, 100", "-9223372036854775808, 10"})
    void shiftByMovesFromTheCommittedOffsetAndIsClamped(long delta, long expected) {
        assertEquals(expected, planOne(ResetTarget.shiftBy(delta), committedAt50()));
    }

    @Test
    void shiftByNeedsACommittedOffset() {
        PartitionPosition never = new PartitionPosition(P1, null, 0, 10, null);
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> OffsetResetPlanner.plan(ResetTarget.shiftBy(1), List.of(committedAt50(), never)));
        assertTrue(e.getMessage().contains("t-1"), e.getMessage());
    }

    @Test
    void toDatetimeTakesTheOffsetForTheTimeOrTheLogEnd() {
        ResetTarget at = ResetTarget.datetime(Instant.parse("2024-05-01T12:00:00Z"));
        assertEquals(1714564800000L, at.value());
        assertEquals(70, planOne(at, committedAt50()));
        assertEquals(100, planOne(at, new PartitionPosition(P0, 50L, 10, 100, null)));
        // a time before the log start (records deleted by retention since) is clamped too
        assertEquals(10, planOne(at, new PartitionPosition(P0, 50L, 10, 100, 3L)));
    }

    @Test
    void partitionsWithoutACommitAreResetToo() {
        PartitionPosition never = new PartitionPosition(P1, null, 0, 10, null);
        List<PlannedReset> plan = OffsetResetPlanner.plan(ResetTarget.offset(7), List.of(never, committedAt50()));
        assertEquals(List.of(new PlannedReset(P0, 50L, 10), new PlannedReset(P1, null, 7)), plan);
    }

    @Test
    void anEmptyLogResetsToItsEnd() {
        PartitionPosition empty = new PartitionPosition(P0, null, 0, 0, null);
        assertEquals(0, planOne(ResetTarget.offset(9), empty));
        assertEquals(0, planOne(ResetTarget.latest(), empty));
    }
}
