package io.spate.cli;

import java.util.List;

/**
 * The health of one partition as {@code spate cluster describe} and {@code spate cluster health}
 * judge it from the metadata: {@link #OFFLINE} without a leader, else {@link #UNDER_REPLICATED} when
 * the ISR has fewer members than the replica list, else {@link #OK}. A classification, not a state
 * machine: each answer stands alone.
 */
enum PartitionState {
    /** A leader, and every replica in the ISR. */
    OK("OK"),
    /** A leader, but the ISR is smaller than the replica list. */
    UNDER_REPLICATED("UNDER-REPLICATED"),
    /** No leader (-1): the partition takes no reads or writes. */
    OFFLINE("OFFLINE");

    private final String label;

    PartitionState(String label) {
        this.label = label;
    }

    /** What the CLI prints, in text and JSON: {@code OK}, {@code UNDER-REPLICATED}, {@code OFFLINE}. */
    String label() {
        return label;
    }

    /** The state of a partition with this leader (negative = none), replica list and ISR. */
    static PartitionState of(int leader, List<Integer> replicas, List<Integer> isr) {
        if (leader < 0) {
            return OFFLINE;
        }
        return isr.size() < replicas.size() ? UNDER_REPLICATED : OK;
    }
}
