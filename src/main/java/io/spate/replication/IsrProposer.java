package io.spate.replication;

import io.spate.protocol.TopicPartition;
import java.util.Set;

/** Where a leader sends the ISR changes its followers' progress calls for (the controller, in a cluster). */
@FunctionalInterface
public interface IsrProposer {
    IsrProposer NONE = (tp, epoch, isr) -> { };

    /** Called on the partition's context; must not block. */
    void propose(TopicPartition tp, int leaderEpoch, Set<Integer> isr);
}
