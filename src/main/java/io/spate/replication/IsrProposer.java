package io.spate.replication;

import io.spate.protocol.TopicPartition;
import java.util.Set;

/** Where a leader sends the ISR changes its followers' progress calls for (the controller, in a cluster). */
@FunctionalInterface
public interface IsrProposer {
    IsrProposer NONE = (tp, epoch, isr, proposed) -> { };

    /**
     * Asks for the ISR {@code isr} (as this leader last applied it) to become {@code proposed}: the
     * members to add and drop are the difference, to be applied to the ISR the metadata holds by then
     * (which may have changed meanwhile). Called on the partition's context; must not block.
     */
    void propose(TopicPartition tp, int leaderEpoch, Set<Integer> isr, Set<Integer> proposed);
}
