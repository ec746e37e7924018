package io.spate.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Computes the new committed offsets of {@code spate group reset-offsets}, as Kafka's
 * kafka-consumer-groups does:
 * <ul>
 *   <li>{@code --to-earliest}: the log start offset; {@code --to-latest}: the log end offset;
 *   <li>{@code --to-offset N}: N;
 *   <li>{@code --to-datetime T}: the first offset whose timestamp is at or after T, the log end
 *       offset when no record is that recent;
 *   <li>{@code --shift-by N}: the committed offset + N; a partition with no committed offset
 *       cannot be shifted (an error, as in Kafka).
 * </ul>
 * Every new offset is then clamped into [log start, log end]. Pure: no I/O, no state.
 */
final class OffsetResetPlanner {
    private OffsetResetPlanner() {
    }

    /**
     * The plan for every partition, in partition order.
     *
     * @throws CommandFailedException for {@code --shift-by} on a partition with no committed offset
     */
    static List<PlannedReset> plan(ResetTarget target, List<PartitionPosition> partitions) {
        List<PlannedReset> plan = new ArrayList<>();
        for (PartitionPosition p : partitions) {
            plan.add(new PlannedReset(p.partition(), p.committed(), clamp(requested(target, p), p)));
        }
        plan.sort(Comparator.comparing(PlannedReset::partition));
        return plan;
    }

    private static long requested(ResetTarget target, PartitionPosition p) {
        return switch (target.kind()) {
            case EARLIEST -> p.logStart();
            case LATEST -> p.logEnd();
            case OFFSET -> target.value();
            case DATETIME -> p.offsetForTime() != null ? p.offsetForTime() : p.logEnd();
            case SHIFT -> {
                if (p.committed() == null) {
                    throw new CommandFailedException("cannot shift the offset of " + p.partition()
                            + ": the group has no committed offset there");
                }
                yield saturatedAdd(p.committed(), target.value());
            }
        };
    }

    /** Into [log start, log end]: past the end → the end, before the start → the start. */
    static long clamp(long offset, PartitionPosition p) {
        if (offset > p.logEnd()) {
            return p.logEnd();
        }
        return Math.max(offset, p.logStart());
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // overflow only when both have the same sign and the sum's sign differs
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
