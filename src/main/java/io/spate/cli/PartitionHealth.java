package io.spate.cli;

import io.spate.client.PartitionReassignment;
import java.util.List;

/**
 * The health of one partition as {@code spate cluster describe} and {@code spate cluster health}
 * judge it from the metadata: {@link #OFFLINE} without a leader, else {@link #UNDER_REPLICATED} when
 * the ISR has fewer members than the replica list, else {@link #OK}. A classification, not a state
 * machine: each answer stands alone.
 */
enum PartitionHealth {
    /** A leader, and every replica in the ISR. */
    OK("OK"),
    /** A leader, every replica it had before the move in the ISR, and a reassignment moving it. */
    REASSIGNING("REASSIGNING"),
    /** A leader, but the ISR is smaller than the replica list (less the replicas a move is adding). */
    UNDER_REPLICATED("UNDER-REPLICATED"),
    /** No leader (-1): the partition takes no reads or writes. */
    OFFLINE("OFFLINE");

    private final String label;

    PartitionHealth(String label) {
        this.label = label;
    }

    /** What the CLI prints, in text and JSON: {@code OK}, {@code UNDER-REPLICATED}, {@code OFFLINE}. */
    String label() {
        return label;
    }

    /** The state of a partition with this leader (negative = none), replica list and ISR. */
    static PartitionHealth of(int leader, List<Integer> replicas, List<Integer> isr) {
        return of(leader, replicas, isr, null);
    }

    /**
     * The state of a partition with this leader, replica list and ISR, and the move in progress (or
     * null): as Kafka counts it, a partition being moved is under-replicated only when its ISR is
     * smaller than its replica count before the move; the replicas being added do not count.
     */
    static PartitionHealth of(int leader, List<Integer> replicas, List<Integer> isr, PartitionReassignment move) {
        if (leader < 0) {
            return OFFLINE;
        }
        int expected = replicas.size() - (move == null ? 0 : move.adding().size());
        if (isr.size() < expected) {
            return UNDER_REPLICATED;
        }
        return move != null ? REASSIGNING : OK;
    }
}
