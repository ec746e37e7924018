package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spate.broker.core.TopicDirectory;
import io.spate.broker.core.TopicNames;
import io.spate.broker.topic.ClusterTopicDirectory;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.NewTopic;
import io.spate.client.SpateAdmin;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.MetadataImageFile;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.common.TopicId;
import io.spate.testing.Eventually;
import io.spate.testing.QuorumTimings;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * KIP-516 on a cluster: a topic's id is in the metadata image the quorum commits, so every node
 * answers the same id (and the same topic for an id); it survives a full restart, is new when the
 * topic is deleted and created again, and the topics of an image written before topic ids get ids
 * once, committed through the quorum, the same on every node and kept after a restart.
 */
@Timeout(180)
class TopicIdClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] SETTINGS = QuorumTimings.fast("offsets.topic.num.partitions=1",
            "transaction.state.log.num.partitions=1");

    @TempDir
    Path root;

    @Test
    void everyNodeHasTheSameIdWhichSurvivesARestartAndChangesWithDeleteAndCreate() {
        try (TestCluster cluster = new TestCluster(root, 3, SETTINGS).startAll()) {
            create(cluster, "a");
            TopicId a = sameOnEveryNode(cluster, "a");
            TopicId offsets = sameOnEveryNode(cluster, TopicNames.CONSUMER_OFFSETS);
            assertNotEquals(a, offsets);
            for (SpateNode n : cluster.running()) {
                assertEquals("a", directory(n).topicNameById(a), "node " + n.nodeId());
                assertEquals(TopicNames.CONSUMER_OFFSETS, directory(n).topicNameById(offsets));
            }

            for (int slot = 0; slot < 3; slot++) {
                cluster.stop(slot);
            }
            cluster.startAll();
            assertEquals(a, sameOnEveryNode(cluster, "a"), "the same id after a full restart");
            assertEquals(offsets, sameOnEveryNode(cluster, TopicNames.CONSUMER_OFFSETS));

            delete(cluster, "a");
            Eventually.eventually(WAIT, "a is gone on every node", () -> cluster.running().stream()
                    .allMatch(n -> directory(n).topicId("a") == null && directory(n).topicNameById(a) == null));
            create(cluster, "a");
            TopicId again = sameOnEveryNode(cluster, "a");
            assertNotEquals(a, again, "created again: a new id");
            for (SpateNode n : cluster.running()) {
                assertNull(directory(n).topicNameById(a), "the old id names nothing on node " + n.nodeId());
                assertEquals("a", directory(n).topicNameById(again));
            }
        }
    }

    @Test
    void topicsOfAnImageWrittenBeforeTopicIdsGetThemOnceThroughTheQuorum() {
        TestCluster cluster = new TestCluster(root, 3, SETTINGS);
        try {
            MetadataImage old = new MetadataImage(5, Map.of("x", topic("x"), "y", topic("y")));
            for (int slot = 0; slot < 3; slot++) {
                new MetadataImageFile(cluster.config(slot).dataDir()).save(old);
            }
            cluster.startAll();
            TopicId x = sameOnEveryNode(cluster, "x");
            TopicId y = sameOnEveryNode(cluster, "y");
            assertNotEquals(x, y);
            // on disk too, on every node: the committed image, not one each node made up
            Eventually.eventually(WAIT, "every node's copy holds the ids", () -> cluster.running().stream().allMatch(n -> {
                MetadataImage copy = new MetadataImageFile(n.config().dataDir()).load();
                return copy.topic("x") != null && x.equals(copy.topic("x").topicId()) && y.equals(copy.topic("y").topicId());
            }));

            for (int slot = 0; slot < 3; slot++) {
                cluster.stop(slot);
            }
            cluster.startAll();
            assertEquals(x, sameOnEveryNode(cluster, "x"), "given once: kept after a restart");
            assertEquals(y, sameOnEveryNode(cluster, "y"));
        } finally {
            cluster.close();
        }
    }

    /** The id every running node's directory gives {@code topic}, once they all have one and agree. */
    private static TopicId sameOnEveryNode(TestCluster cluster, String topic) {
        Eventually.eventually(WAIT, "every node has the same id for " + topic, () -> {
            Set<TopicId> ids = cluster.running().stream().map(n -> directory(n).topicId(topic))
                    .collect(Collectors.toSet());
            return ids.size() == 1 && !ids.contains(null);
        });
        List<TopicId> ids = cluster.running().stream().map(n -> directory(n).topicId(topic)).toList();
        ids.forEach(id -> assertEquals(ids.get(0), Objects.requireNonNull(id)));
        assertNotNull(ids.get(0));
        return ids.get(0);
    }

    private static TopicDirectory directory(SpateNode n) {
        return new ClusterTopicDirectory(n.membership().orElseThrow(), n.clusterMetadata().orElseThrow(), "test");
    }

    private static TopicState topic(String name) {
        return new TopicState(name, null, Map.of(), List.of(PartitionState.initial(List.of(1, 2, 3))));
    }

    private static void create(TestCluster cluster, String name) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(cluster.running().get(0).address()));
        try {
            Blocking.await(admin.createTopics(List.of(new NewTopic(name, 2, (short) 3, Map.of()))), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    private static void delete(TestCluster cluster, String name) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(cluster.running().get(0).address()));
        try {
            Blocking.await(admin.deleteTopic(name), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }
}
