package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftRole;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.NewTopic;
import io.spate.client.SpateAdmin;
import io.spate.cluster.raft.MetadataQuorum;
import io.spate.cluster.raft.QuorumStatus;
import io.spate.cluster.raft.SpateEndpoint;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-node cluster with the metadata quorum on and the default voters (nodes 1 to 3): node 4 follows
 * the metadata log as a MicroRaft learner, never voting; its changes reach the leader like any node's.
 */
@Timeout(60)
class QuorumLearnersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    @Test
    void aFourthNodeFollowsAsALearnerAndItsChangesCommit() {
        TestCluster cluster = new TestCluster(root, 4, "cluster.metadata.quorum=true",
                "group.initial.rebalance.delay.ms=0").startAll();
        try {
            int slot4 = cluster.slotOf(4);
            SpateNode learner = cluster.node(slot4);
            Eventually.eventually(WAIT, "node 4 is a learner of the quorum", () -> status(learner).role() == RaftRole.LEARNER
                    && status(learner).learners().equals(Set.of(new SpateEndpoint(4))));
            assertEquals(Set.of(1, 2, 3), ids(status(learner).voters()), "the voters stay the configured ones");

            // a change made through the learner is forwarded to the leader and reaches every node
            createThrough(learner, "via-learner");
            awaitTopicOn(cluster, "via-learner");

            // the learner stopped: the three voters still commit
            cluster.stop(slot4);
            createThrough(cluster.node(cluster.slotOf(1)), "without-learner");
            awaitTopicOn(cluster, "without-learner");

            // it comes back as a learner from its Raft files and applies what it missed
            SpateNode back = cluster.start(slot4);
            Eventually.eventually(WAIT, "node 4 caught up", () -> back.clusterMetadata().orElseThrow().current()
                    .topic("without-learner") != null);
            assertEquals(RaftRole.LEARNER, status(back).role());
        } finally {
            cluster.close();
        }
    }

    @Test
    void twoVotersStoppedStopChangesThoughALearnerRemains() {
        TestCluster cluster = new TestCluster(root, 4, "cluster.metadata.quorum=true",
                "group.initial.rebalance.delay.ms=0").startAll();
        try {
            SpateNode learner = cluster.node(cluster.slotOf(4));
            Eventually.eventually(WAIT, "node 4 is a learner", () -> status(learner).role() == RaftRole.LEARNER);
            cluster.stop(cluster.slotOf(2));
            cluster.stop(cluster.slotOf(3));
            // nodes 1 (a voter) and 4 (a learner) remain: half the nodes, but one voter of three
            RuntimeException e = assertThrows(RuntimeException.class, () -> createThrough(learner, "no-majority"));
            assertTrue(String.valueOf(e.getMessage()).contains("quorum"), String.valueOf(e.getMessage()));
            assertEquals(null, cluster.node(cluster.slotOf(1)).clusterMetadata().orElseThrow().current().topic("no-majority"));
        } finally {
            cluster.close();
        }
    }

    static QuorumStatus status(SpateNode n) {
        return TestNode.await(((MetadataQuorum) n.clusterMetadata().orElseThrow()).raft().quorumStatus());
    }

    static Set<Integer> ids(Set<SpateEndpoint> endpoints) {
        return endpoints.stream().map(SpateEndpoint::nodeId).collect(java.util.stream.Collectors.toSet());
    }

    static void createThrough(SpateNode node, String topic) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            Blocking.await(admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1, Map.of()))), Duration.ofSeconds(30));
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    static void awaitTopicOn(TestCluster cluster, String topic) {
        Eventually.eventually(WAIT, topic + " on every running node", () -> cluster.running().stream()
                .allMatch(n -> n.clusterMetadata().orElseThrow().current().topic(topic) != null));
        assertNotNull(cluster.running().get(0).clusterMetadata().orElseThrow().current().topic(topic));
    }
}
