package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.testing.Eventually;
import io.spate.testing.FixedMembership;
import io.spate.testing.InMemoryClusterMetadata;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The controller applies the live set when it takes the role, not only at the next membership
 * change: with the metadata quorum, Hazelcast may drop a node cut off together with the Raft leader
 * before the majority elects a new one (seen in NetworkPartitionIT: the partition that node led kept
 * it as leader until the periodic check, minutes later, and acks=all writes to it stalled).
 */
@Timeout(30)
class ControllerTest {
    @Test
    void aNodeThatBecomesControllerAppliesAMembershipChangeItDidNotActOn() {
        Vertx vertx = Vertx.vertx();
        try {
            // node 2 led; only node 1 is live now (node 2 was dropped while no node was controller)
            InMemoryClusterMetadata metadata = new InMemoryClusterMetadata(MetadataImage.EMPTY.withTopic(
                    new TopicState("t", null, Map.of(), List.of(new PartitionState(List.of(2, 1), 2, 4, List.of(2, 1))))));
            FlippableRole role = new FlippableRole();
            Controller controller = new Controller(vertx, new FixedMembership(1), metadata, role);
            controller.start(Duration.ofHours(1).toMillis());
            // not acting: the start's decision and any change it sees leave the image alone
            assertEquals(2, metadata.current().topic("t").partitions().get(0).leader());

            role.acting = true;
            role.acquired.get().run();
            Eventually.eventually("node 1 leads t-0 once this node is controller", () -> {
                PartitionState p = metadata.current().topic("t").partitions().get(0);
                return p.leader() == 1 && p.leaderEpoch() == 5 && p.isr().equals(List.of(1));
            });
            controller.close();
        } finally {
            vertx.close();
        }
    }

    /** KIP-516 upgrade: the topics of an image from before topic ids get theirs from the controller, once. */
    @Test
    void becomingControllerCommitsIdsForTopicsWithoutThemOnce() {
        Vertx vertx = Vertx.vertx();
        try {
            InMemoryClusterMetadata metadata = new InMemoryClusterMetadata(MetadataImage.EMPTY.withTopic(
                    new TopicState("t", null, Map.of(), List.of(PartitionState.initial(List.of(1))))));
            FlippableRole role = new FlippableRole();
            Controller controller = new Controller(vertx, new FixedMembership(1), metadata, role);
            controller.start(Duration.ofHours(1).toMillis());
            Eventually.pause(200);
            assertEquals(null, metadata.current().topic("t").topicId(), "a node that is not controller gives no id");

            role.acting = true;
            role.acquired.get().run();
            Eventually.eventually("t has an id once this node is controller",
                    () -> metadata.current().topic("t").topicId() != null);
            io.spate.common.TopicId given = metadata.current().topic("t").topicId();
            long epoch = metadata.current().epoch();
            role.acquired.get().run(); // a later term: the id stays
            Eventually.pause(200);
            assertEquals(given, metadata.current().topic("t").topicId());
            assertEquals(epoch, metadata.current().epoch(), "nothing left to give: no change");
            controller.close();
        } finally {
            vertx.close();
        }
    }

    /** An image imported (or written by an older node) after this node became controller gets ids too. */
    @Test
    void anImageWithTopicsWithoutIdsGetsThemFromTheActingController() {
        Vertx vertx = Vertx.vertx();
        try {
            TellingMetadata metadata = new TellingMetadata();
            FlippableRole role = new FlippableRole();
            role.acting = true;
            Controller controller = new Controller(vertx, new FixedMembership(1), metadata, role);
            controller.start(Duration.ofHours(1).toMillis());
            metadata.arrive(new MetadataImage(9, Map.of("old", new TopicState("old", null, Map.of(),
                    List.of(PartitionState.initial(List.of(1)))))));
            Eventually.eventually("the imported topic has an id", () -> metadata.current().topic("old").topicId() != null);
            assertEquals(10, metadata.current().epoch());
            controller.close();
        } finally {
            vertx.close();
        }
    }

    /** In-memory metadata that tells its listeners of an image that arrives (as a committed import). */
    private static final class TellingMetadata implements ClusterMetadata {
        private final List<java.util.function.Consumer<MetadataImage>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile MetadataImage image = MetadataImage.EMPTY;

        synchronized void arrive(MetadataImage next) {
            image = next;
            listeners.forEach(l -> l.accept(next));
        }

        @Override
        public MetadataImage current() {
            return image;
        }

        @Override
        public synchronized Future<MetadataImage> update(java.util.function.UnaryOperator<MetadataImage> change) {
            image = change.apply(image);
            return Future.succeededFuture(image);
        }

        @Override
        public void onChange(java.util.function.Consumer<MetadataImage> listener) {
            listeners.add(listener);
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    /** A role that acts once the test says so, and keeps what the controller asked to run on acquiring it. */
    private static final class FlippableRole implements ControllerRole {
        volatile boolean acting;
        final AtomicReference<Runnable> acquired = new AtomicReference<>(() -> { });

        @Override
        public Future<Boolean> acting() {
            return Future.succeededFuture(acting);
        }

        @Override
        public boolean stillActing() {
            return acting;
        }

        @Override
        public void onAcquired(Runnable action) {
            acquired.set(action);
        }
    }
}
