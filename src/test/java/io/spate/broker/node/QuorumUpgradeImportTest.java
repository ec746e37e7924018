package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.cluster.MetadataImage;
import io.spate.cluster.MetadataImageFile;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.testing.Eventually;
import io.spate.testing.QuorumTimings;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, the upgrade from the Hazelcast-held metadata: nodes whose {@code meta/cluster.json}
 * copies have epochs 5, 9 and 7 start with the quorum on, the stale one among the first two (which
 * make a majority and elect a leader before the newest copy's node starts). The quorum's image must
 * be the newest copy (epoch 9), not the first to commit.
 */
@Timeout(60)
class QuorumUpgradeImportTest {
    /**
     * How long the first two nodes are given to finish their start before the third starts: without
     * waiting for every voter's copy they import one of theirs within it (measured: about 3 s).
     */
    private static final Duration FIRST_TWO_HEAD_START = Duration.ofSeconds(6);

    @TempDir
    Path root;

    @Test
    void theNewestDiskCopyOfTheVotersIsImportedNotTheFirstToCommit() {
        TestCluster cluster = new TestCluster(root, 3, QuorumTimings.fast(
                "cluster.metadata.import.wait.ms=25000"));
        try {
            long[] epochs = {5, 9, 7};
            for (int slot = 0; slot < 3; slot++) {
                new MetadataImageFile(cluster.config(slot).dataDir()).save(copy(epochs[slot]));
            }
            long startNanos = System.nanoTime();
            Future<SpateNode> stale = cluster.startAsync(0);
            Future<SpateNode> middle = cluster.startAsync(2);
            long deadline = System.nanoTime() + FIRST_TWO_HEAD_START.toNanos();
            while (!(stale.isComplete() && middle.isComplete()) && System.nanoTime() < deadline) {
                Eventually.pause(50);
            }
            System.out.println("upgrade import: the nodes of epochs 5 and 7 " + (stale.isComplete() && middle.isComplete()
                    ? "finished their start" : "were still starting") + " after "
                    + (System.nanoTime() - startNanos) / 1_000_000 + " ms; the node of epoch 9 starts now");
            cluster.start(1);
            TestNode.await(stale);
            TestNode.await(middle);
            System.out.println("upgrade import: all three started " + (System.nanoTime() - startNanos) / 1_000_000
                    + " ms after the first");

            for (SpateNode n : cluster.running()) {
                MetadataImage image = n.clusterMetadata().orElseThrow().current();
                assertNotNull(image.topic("copy-9"), "node " + n.nodeId() + " has the epoch-9 copy: " + image.topics().keySet());
                assertTrue(image.epoch() >= 9, "epoch " + image.epoch());
                assertEquals(null, image.topic("copy-5"));
                assertEquals(null, image.topic("copy-7"));
            }
            // and the quorum goes on from it: a change lands on top, on every node
            MetadataImage next = TestNode.await(cluster.node(0).clusterMetadata().orElseThrow()
                    .update(img -> img.withTopic(topic("after-import"))));
            Eventually.eventually(Duration.ofSeconds(20), "every node has the change after the import",
                    () -> cluster.running().stream().allMatch(n -> {
                        MetadataImage img = n.clusterMetadata().orElseThrow().current();
                        return img.epoch() >= next.epoch() && img.topic("copy-9") != null
                                && img.topic("after-import") != null;
                    }));
        } finally {
            cluster.close();
        }
    }

    /** ClusterMetadataTest.theNewestDiskCopyWinsAtRestart, with the quorum: a stale node starting first wins nothing. */
    @Test
    void theNewestImageWinsAtRestartWhenTheStaleNodeStartsFirst() {
        TestCluster cluster = new TestCluster(root, 3, QuorumTimings.fast()).startAll();
        try {
            var m0 = cluster.node(0).clusterMetadata().orElseThrow();
            MetadataImage a = TestNode.await(m0.update(img -> img.withTopic(topic("a"))));
            awaitImage(cluster, a.epoch(), img -> img.topic("a") != null);
            cluster.stop(2); // node 2 misses the next change
            MetadataImage deleted = TestNode.await(m0.update(img -> img.withoutTopic("a")));
            awaitImage(cluster, deleted.epoch(), img -> img.topic("a") == null);
            cluster.stop(0);
            cluster.stop(1);
            Future<SpateNode> stale = cluster.startAsync(2); // the stale node starts first, with an up-to-date one
            cluster.start(1);
            TestNode.await(stale);
            awaitImage(cluster, deleted.epoch(), img -> img.topic("a") == null);
        } finally {
            cluster.close();
        }
    }

    private static void awaitImage(TestCluster cluster, long epoch, java.util.function.Predicate<MetadataImage> check) {
        Eventually.eventually(Duration.ofSeconds(20), "every node past metadata epoch " + epoch, () -> cluster.running()
                .stream().allMatch(n -> n.clusterMetadata().orElseThrow().current().epoch() >= epoch
                        && check.test(n.clusterMetadata().orElseThrow().current())));
    }

    /** A copy as today's nodes keep it: epoch {@code epoch}, one topic named after it. */
    private static MetadataImage copy(long epoch) {
        return new MetadataImage(epoch, Map.of("copy-" + epoch, topic("copy-" + epoch)));
    }

    private static TopicState topic(String name) {
        return new TopicState(name, null, Map.of(), List.of(PartitionState.initial(List.of(1, 2, 3))));
    }
}
