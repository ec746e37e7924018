package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IsrShrinksTest {
    @Test
    void aNodeThatLeavesNamesItsPartitionCountAndTheFirstFewOnly() {
        MetadataImage before = MetadataImage.EMPTY
                .withTopic(topic("orders", 8, List.of(1, 2, 3)))
                .withTopic(topic("audit", 2, List.of(1, 2)));
        // the controller's own decision when node 2 leaves
        MetadataImage after = LeaderElection.onLiveNodes(before, Set.of(1, 3));
        assertEquals("node 2 left the ISR of 10 partition(s): audit-0, audit-1, orders-0, orders-1, orders-2 and 5 more",
                IsrShrinks.describe(before, after));
    }

    @Test
    void everyNodeThatLeftIsNamedInOneLineAndNothingWhenNoIsrShrank() {
        MetadataImage before = MetadataImage.EMPTY.withTopic(topic("t", 2, List.of(1, 2, 3)));
        MetadataImage after = LeaderElection.onLiveNodes(before, Set.of(1));
        assertEquals("node 2 left the ISR of 2 partition(s): t-0, t-1; node 3 left the ISR of 2 partition(s): t-0, t-1",
                IsrShrinks.describe(before, after));
        assertEquals("", IsrShrinks.describe(after, after));
        assertEquals("", IsrShrinks.describe(before, before.withTopic(topic("new", 3, List.of(1)))));
    }

    private static TopicState topic(String name, int partitions, List<Integer> replicas) {
        return new TopicState(name, null, Map.of(), java.util.Collections.nCopies(partitions, PartitionState.initial(replicas)));
    }
}
