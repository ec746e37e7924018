package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata document kept by the quorum: compare-and-set changes, seen and saved by every node,
 * kept across a full restart (a node that missed a change: QuorumUpgradeImportTest).
 */
@Timeout(180)
class ClusterMetadataTest {
    @TempDir
    Path root;

    @Test
    void changesReachEveryNodeAndSurviveAFullClusterRestart() {
        TopicState events = new TopicState("events", io.spate.common.TopicId.random(), Map.of("retention.ms", "1000"),
                List.of(PartitionState.initial(List.of(1, 2, 3)), PartitionState.initial(List.of(2, 3, 1))));
        try (TestCluster cluster = new TestCluster(root, 3).startAll()) {
            MetadataImage written = TestNode.await(metadata(cluster.node(0)).update(img -> img.withTopic(events)));
            assertEquals(events, written.topic("events"));
            awaitImage(cluster.running(), written.epoch(), img -> img.topic("events") != null);

            // a change that changes nothing keeps the epoch and writes nothing
            MetadataImage same = TestNode.await(metadata(cluster.node(1)).update(img -> img));
            assertTrue(same.epoch() >= written.epoch());
            // a refused change fails and leaves the image alone
            assertThrows(IllegalStateException.class, () -> TestNode.await(metadata(cluster.node(2)).update(img -> {
                throw new IllegalStateException("refused");
            })));

            // concurrent writers on different nodes: every change lands exactly once
            List<Future<MetadataImage>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 9; i++) {
                String name = "t" + i;
                writes.add(addTopic(cluster.node(i % 3), name, 1));
            }
            long last = writes.stream().mapToLong(f -> TestNode.await(f).epoch()).max().orElseThrow();
            awaitImage(cluster.running(), last, img -> img.topics().keySet().containsAll(
                    List.of("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8")));
            assertEquals(10, userTopics(metadata(cluster.node(2)).current()));
            Eventually.eventually(Duration.ofSeconds(10), "disk copies saved", () -> cluster.running().stream()
                    .allMatch(n -> Files.exists(n.config().dataDir().resolve("meta/cluster.json"))));
        }
        try (TestCluster again = new TestCluster(root, 3).startAll()) {
            MetadataImage image = metadata(again.node(1)).current();
            assertEquals(10, userTopics(image), "every topic back after the full restart");
            // configs and replicas as written; leaders and ISRs moved as the nodes stopped one by one
            assertEquals(events.configs(), image.topic("events").configs());
            assertEquals(events.partitions().stream().map(PartitionState::replicas).toList(),
                    image.topic("events").partitions().stream().map(PartitionState::replicas).toList());
        }
    }

    /** Every node has seen at least {@code epoch}, and what it sees satisfies {@code check}. */
    private static void awaitImage(List<SpateNode> nodes, long epoch, java.util.function.Predicate<MetadataImage> check) {
        Eventually.eventually(Duration.ofSeconds(20), "every node past metadata epoch " + epoch, () ->
                nodes.stream().allMatch(n -> metadata(n).current().epoch() >= epoch && check.test(metadata(n).current())));
    }

    /** Adds a topic of one partition on {@code replica} through node {@code n}. */
    private static Future<MetadataImage> addTopic(SpateNode n, String name, int replica) {
        return metadata(n).update(img -> img.withTopic(
                new TopicState(name, io.spate.common.TopicId.random(), Map.of(), List.of(PartitionState.initial(List.of(replica))))));
    }

    private static long userTopics(MetadataImage image) {
        return image.topics().keySet().stream().filter(n -> !n.startsWith("__")).count();
    }

    private static ClusterMetadata metadata(SpateNode n) {
        return n.clusterMetadata().orElseThrow();
    }

    @Test
    void imagesRoundTripThroughJson() {
        MetadataImage img = MetadataImage.EMPTY.withTopic(new TopicState("x", null, Map.of("a", "b"),
                List.of(new PartitionState(List.of(1, 2), 2, 4, List.of(2)))));
        assertEquals(img, MetadataImage.fromJson(img.toJson()));
        assertSame(MetadataImage.EMPTY.topics().getClass(), img.topics().getClass());
        assertEquals(Map.of("x", List.of(0)), img.replicasOf(1));
        assertEquals(Map.of(), img.replicasOf(3));

        MetadataImage registered = img.withNode(new RegisteredNode(2, "inc-2", "127.0.0.2", 9092, "r1"));
        assertEquals(img.epoch() + 1, registered.epoch());
        assertEquals(registered, MetadataImage.fromJson(registered.toJson()));
        assertEquals(registered.nodes(), registered.withTopic(new TopicState("y", null, Map.of(), List.of())).nodes(),
                "a topic change keeps the registrations");
        // an image written before registrations were part of it reads as one without any
        MetadataImage old = MetadataImage.fromJson("{\"epoch\":3,\"topics\":{}}");
        assertEquals(new MetadataImage(3, Map.of()), old);
        assertEquals(Map.of(), old.nodes());
        assertEquals(null, old.producerIdClaim());
    }

    @Test
    void twoProducerIdClaimsOnOneImageAreDifferentImages() {
        // before the claim id, two nodes claiming a block on the same image proposed equal images, and the
        // loser took the winner's committed image for its own: both were given the same block
        MetadataImage base = MetadataImage.EMPTY.withProducerIdBlock(1000, "first");
        MetadataImage a = base.withProducerIdBlock(1000, "claim-a");
        MetadataImage b = base.withProducerIdBlock(1000, "claim-b");
        assertEquals(a.nextProducerId(), b.nextProducerId());
        assertNotEquals(a, b);
        assertEquals(a, MetadataImage.fromJson(a.toJson()));
        assertEquals("claim-a", a.withTopic(new TopicState("y", null, Map.of(), List.of())).producerIdClaim(),
                "other changes keep the last claim");
    }
}
