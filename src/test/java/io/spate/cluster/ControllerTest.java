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
