package io.spate.broker.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.TopicPartition;
import io.spate.testing.InMemoryClusterMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a leader's ISR proposal writes into the image. Node 1 leads t-0 in epoch 4. */
class IsrUpdaterTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** Metadata in memory holding topic t with partition {@code p}; each change applies at once. */
    private static InMemoryClusterMetadata metadataOf(PartitionState p) {
        return new InMemoryClusterMetadata(MetadataImage.EMPTY.withTopic(new TopicState("t", null, Map.of(), List.of(p))));
    }

    private static List<Integer> isr(InMemoryClusterMetadata md) {
        return md.image().topic("t").partitions().get(0).isr();
    }

    private static PartitionState led(List<Integer> replicas, List<Integer> isr) {
        return new PartitionState(replicas, 1, 4, isr);
    }

    @Test
    void aLeaderThatHasNotSeenTheControllersShrinkYetDoesNotBringTheNodeBack() {
        // the controller took node 3 out (it left the cluster); the leader still had it in its ISR
        // when node 4, being added, caught up
        InMemoryClusterMetadata md = metadataOf(led(List.of(1, 2, 3, 4), List.of(1, 2)));
        new IsrUpdater(md, 1, id -> true).propose(TP, 4, Set.of(1, 2, 3), Set.of(1, 2, 3, 4));
        assertEquals(List.of(1, 2, 4), isr(md));
    }

    @Test
    void aNodeThatIsNotLiveIsNeverAdded() {
        InMemoryClusterMetadata md = metadataOf(led(List.of(1, 2, 3), List.of(1, 2)));
        MetadataImage before = md.image();
        new IsrUpdater(md, 1, id -> id != 3).propose(TP, 4, Set.of(1, 2), Set.of(1, 2, 3));
        assertEquals(before, md.image(), "nothing written");
        new IsrUpdater(md, 1, id -> true).propose(TP, 4, Set.of(1, 2), Set.of(1, 2, 3));
        assertEquals(List.of(1, 2, 3), isr(md), "live again and caught up: it rejoins");
    }

    @Test
    void aFollowerThatFellBehindIsDroppedAndOthersAreKept() {
        InMemoryClusterMetadata md = metadataOf(led(List.of(1, 2, 3), List.of(1, 2, 3)));
        new IsrUpdater(md, 1, id -> true).propose(TP, 4, Set.of(1, 2, 3), Set.of(1, 3));
        assertEquals(List.of(1, 3), isr(md));
    }

    @Test
    void aDeposedLeaderOrAnOldEpochChangesNothing() {
        InMemoryClusterMetadata md = metadataOf(led(List.of(1, 2, 3), List.of(1, 2, 3)));
        MetadataImage before = md.image();
        new IsrUpdater(md, 1, id -> true).propose(TP, 3, Set.of(1, 2, 3), Set.of(1, 2));
        new IsrUpdater(md, 2, id -> true).propose(TP, 4, Set.of(1, 2, 3), Set.of(1, 2));
        assertEquals(before, md.image());
    }
}
