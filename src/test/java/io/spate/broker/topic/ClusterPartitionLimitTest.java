package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.ReassignmentOutcome;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDefaults;
import io.spate.broker.core.TopicOutcome;
import io.spate.log.LogConfig;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.testing.FixedMembership;
import io.spate.testing.InMemoryClusterMetadata;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * max.broker.partitions in a cluster: a create, an add-partitions or a reassignment that would
 * make any node hold more replicas than the limit is refused with POLICY_VIOLATION naming the
 * node, and the metadata image (which every node opens its replicas from) stays as it was.
 */
class ClusterPartitionLimitTest {
    private static final int LIMIT = 10;

    private final InMemoryClusterMetadata metadata = new InMemoryClusterMetadata();
    private final ClusterTopicAdmin admin = new ClusterTopicAdmin(metadata, new FixedMembership(3),
            new TopicDefaults(1, 1, LogConfig.defaults()), 3, LIMIT);

    @Test
    void aCreateThatWouldOverfillANodeIsRefusedAndChangesNothing() {
        // 3 replicas each on 3 nodes: every node holds 8 of the 8 partitions
        assertEquals(ErrorCode.NONE, create("a", 8, 3).error());
        long epoch = metadata.current().epoch();
        TopicOutcome refused = create("b", 3, 3);
        assertEquals(ErrorCode.POLICY_VIOLATION, refused.error());
        assertTrue(refused.errorMessage().contains("max.broker.partitions=10"), refused.errorMessage());
        assertTrue(refused.errorMessage().contains("node "), refused.errorMessage());
        assertEquals(epoch, metadata.current().epoch());
        assertEquals(null, metadata.current().topic("b"));
        // what fits is still accepted: two more replicas per node
        assertEquals(ErrorCode.NONE, create("c", 2, 3).error());
    }

    @Test
    void addPartitionsThatWouldOverfillANodeIsRefused() {
        assertEquals(ErrorCode.NONE, create("a", 9, 3).error());
        TopicOutcome refused = join(admin.createPartitions(Map.of("a", 11), false)).get(0);
        assertEquals(ErrorCode.POLICY_VIOLATION, refused.error());
        assertEquals(9, metadata.current().topic("a").partitions().size());
        assertEquals(ErrorCode.NONE, join(admin.createPartitions(Map.of("a", 10), false)).get(0).error());
    }

    @Test
    void aMoveOntoAFullNodeIsRefused() {
        // rf 1 spreads 30 partitions 10 per node: every node is full
        assertEquals(ErrorCode.NONE, create("a", 30, 1).error());
        int from = metadata.current().topic("a").partitions().get(0).replicas().get(0);
        int to = from % 3 + 1;
        ReassignmentOutcome refused = join(admin.alterReassignments(Map.of(new TopicPartition("a", 0), List.of(to))))
                .get(new TopicPartition("a", 0));
        assertEquals(ErrorCode.POLICY_VIOLATION, refused.error());
        assertTrue(refused.toString().contains("node " + to), refused.toString());
        assertTrue(!metadata.current().topic("a").partitions().get(0).reassigning());
    }

    private TopicOutcome create(String name, int partitions, int rf) {
        return join(admin.createTopics(List.of(new TopicCreation(name, partitions, rf, Map.of())), false)).get(0);
    }

    private static <T> T join(Future<T> f) {
        assertTrue(f.isComplete(), "the in-memory metadata answers at once");
        return f.result();
    }
}
