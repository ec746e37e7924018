package io.spate.broker.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What a leader's ISR proposal writes into the image. Node 1 leads t-0 in epoch 4. */
class IsrUpdaterTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** Applies each change at once to an image held in memory. */
    private static final class InMemoryMetadata implements ClusterMetadata {
        MetadataImage image;

        InMemoryMetadata(PartitionState p) {
            image = MetadataImage.EMPTY.withTopic(new TopicState("t", Map.of(), List.of(p)));
        }

        @Override
        public MetadataImage current() {
            return image;
        }

        @Override
        public Future<MetadataImage> update(UnaryOperator<MetadataImage> change) {
            image = change.apply(image);
            return Future.succeededFuture(image);
        }

        @Override
        public void onChange(Consumer<MetadataImage> listener) {
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }

        List<Integer> isr() {
            return image.topic("t").partitions().get(0).isr();
        }
    }

    private static PartitionState led(List<Integer> replicas, List<Integer> isr) {
        return new PartitionState(replicas, 1, 4, isr);
    }

    @Test
    void aLeaderThatHasNotSeenTheControllersShrinkYetDoesNotBringTheNodeBack() {
        // the controller took node 3 out (it left the cluster); the leader still had it in its ISR
        // when node 4, being added, caught up
        InMemoryMetadata md = new InMemoryMetadata(led(List.of(1, 2, 3, 4), List.of(1, 2)));
        new IsrUpdater(md, 1, id -> true).propose(TP, 4, Set.of(1, 2, 3), Set.of(1, 2, 3, 4));
        assertEquals(List.of(1, 2, 4), md.isr());
    }

    @Test
    void aNodeThatIsNotLiveIsNeverAdded() {
        InMemoryMetadata md = new InMemoryMetadata(led(List.of(1, 2, 3), List.of(1, 2)));
        MetadataImage before = md.image;
        new IsrUpdater(md, 1, id -> id != 3).propose(TP, 4, Set.of(1, 2), Set.of(1, 2, 3));
        assertEquals(before, md.image, "nothing written");
        new IsrUpdater(md, 1, id -> true).propose(TP, 4, Set.of(1, 2), Set.of(1, 2, 3));
        assertEquals(List.of(1, 2, 3), md.isr(), "live again and caught up: it rejoins");
    }

    @Test
    void aFollowerThatFellBehindIsDroppedAndOthersAreKept() {
        InMemoryMetadata md = new InMemoryMetadata(led(List.of(1, 2, 3), List.of(1, 2, 3)));
        new IsrUpdater(md, 1, id -> true).propose(TP, 4, Set.of(1, 2, 3), Set.of(1, 3));
        assertEquals(List.of(1, 3), md.isr());
    }

    @Test
    void aDeposedLeaderOrAnOldEpochChangesNothing() {
        InMemoryMetadata md = new InMemoryMetadata(led(List.of(1, 2, 3), List.of(1, 2, 3)));
        MetadataImage before = md.image;
        new IsrUpdater(md, 1, id -> true).propose(TP, 3, Set.of(1, 2, 3), Set.of(1, 2));
        new IsrUpdater(md, 2, id -> true).propose(TP, 4, Set.of(1, 2, 3), Set.of(1, 2));
        assertEquals(before, md.image);
    }
}
