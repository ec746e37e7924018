package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.broker.core.ElectionOutcome;
import io.spate.broker.core.TopicDefaults;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.common.TopicId;
import io.spate.log.LogConfig;
import io.spate.protocol.TopicPartition;
import io.spate.testing.FixedMembership;
import io.spate.testing.InMemoryClusterMetadata;
import io.spate.testing.TestNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A clustered node's ElectLeaders (PREFERRED): one metadata change elects the preferred replica, a
 * second call finds nothing to do and changes nothing, and the answer is that of the image the
 * change was committed on when a concurrent change made it compute again.
 */
class ClusterPreferredElectionTest {
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final MetadataImage LED_BY_2 = MetadataImage.EMPTY.withTopic(new TopicState("t", TopicId.random(), Map.of(),
            List.of(new PartitionState(REPLICAS, 2, 4, REPLICAS))));

    @Test
    void thePreferredReplicaIsElectedInOneChangeAndASecondCallNeedsNoElection() {
        InMemoryClusterMetadata metadata = new InMemoryClusterMetadata(LED_BY_2);
        ClusterTopicAdmin admin = admin(metadata);
        assertEquals(Map.of(T0, ElectionOutcome.ELECTED), TestNode.await(admin.electPreferredLeaders(Set.of(T0))));
        assertEquals(LED_BY_2.epoch() + 1, metadata.current().epoch());
        assertEquals(new PartitionState(REPLICAS, 1, 5, REPLICAS), metadata.current().topic("t").partitions().get(0));

        assertEquals(Map.of(T0, ElectionOutcome.NOT_NEEDED), TestNode.await(admin.electPreferredLeaders(Set.of(T0))));
        assertEquals(Map.of(T0, ElectionOutcome.NOT_NEEDED), TestNode.await(admin.electPreferredLeaders(null)));
        assertEquals(LED_BY_2.epoch() + 1, metadata.current().epoch(), "nothing more changed");
    }

    @Test
    void theAnswerIsThatOfTheAttemptThatCommitted() {
        // the controller elected node 1 meanwhile: the first attempt (on the older image) is thrown away
        MetadataImage electedMeanwhile = LED_BY_2.withTopic(LED_BY_2.topic("t").withPartitions(
                List.of(new PartitionState(REPLICAS, 1, 5, REPLICAS))));
        ClusterTopicAdmin admin = admin(new RetryingMetadata(LED_BY_2, electedMeanwhile));
        assertEquals(Map.of(T0, ElectionOutcome.NOT_NEEDED), TestNode.await(admin.electPreferredLeaders(Set.of(T0))));
    }

    private static ClusterTopicAdmin admin(ClusterMetadata metadata) {
        return new ClusterTopicAdmin(metadata, new FixedMembership(3), new TopicDefaults(1, 1, LogConfig.defaults()), 3, 100);
    }

    /** Metadata whose compare-and-set loses once: the change runs on {@code stale}, then on {@code newer}. */
    private static final class RetryingMetadata extends InMemoryClusterMetadata {
        private final MetadataImage stale;

        RetryingMetadata(MetadataImage stale, MetadataImage newer) {
            super(newer);
            this.stale = stale;
        }

        @Override
        public Future<MetadataImage> update(UnaryOperator<MetadataImage> change) {
            change.apply(stale);
            return super.update(change);
        }
    }
}
