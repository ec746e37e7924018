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
        TestCluster cluster = new TestCluster(root, 4, 
                "group.initial.rebalance.delay.ms=0").startAll();
        try {
            int slot4 = cluster.slotOf(4);
            SpateNode learner = cluster.node(slot4);
            Eventually.eventually(WAIT, "node 4 is a learner of the quorum", () -> status(learner).role() == RaftRole.LEARNER
                    && status(learner).learners().equals(Set.of(new SpateEndpoint(4))));
            assertEquals(Set.of(1, 2, 3), ids(status(learner).voters()), "the voters stay the configured ones");
            // DescribeQuorum names the learner on every node; only the leader adds each member's figures
            for (SpateNode n : cluster.running()) {
                io.spate.client.QuorumDescription q = describe(n);
                assertEquals(List.of(4), q.learners(), q::toString);
                boolean leads = status(n).isLeader();
                assertEquals(leads ? 3 : 0, q.followers().size(), q::toString);
                if (leads) {
                    assertTrue(q.follower(4).isPresent() && q.follower(4).get().lag() >= 0, q::toString);
                }
            }

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
        TestCluster cluster = new TestCluster(root, 4, 
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

    @Test
    void votersChangeThroughTheQuorumAndTheChangeSurvivesARestart() {
        TestCluster cluster = new TestCluster(root, 4, 
                "group.initial.rebalance.delay.ms=0").startAll();
        try {
            int slot1 = cluster.slotOf(1);
            SpateNode learner = cluster.node(cluster.slotOf(4));
            Eventually.eventually(WAIT, "node 4 is a learner", () -> status(learner).role() == RaftRole.LEARNER);
            MetadataQuorum via2 = quorum(cluster.node(cluster.slotOf(2)));

            // refusals change nothing
            assertRefused(() -> via2.addVoter(9), "not a live node");
            assertRefused(() -> via2.addVoter(2), "already a voter");
            assertRefused(() -> via2.removeVoter(4), "not a voter");

            assertEquals(List.of(1, 2, 3, 4), TestNode.await(via2.addVoter(4)));
            Eventually.eventually(WAIT, "node 4 votes", () -> status(learner).role() != RaftRole.LEARNER);
            assertEquals(List.of(2, 3, 4), TestNode.await(quorum(learner).removeVoter(1)));
            cluster.stop(slot1);
            createThrough(learner, "after-change");
            awaitTopicOn(cluster, "after-change");

            // the voters come from the Raft files, not from cluster.voters (still 1,2,3)
            int[] others = {cluster.slotOf(2), cluster.slotOf(3), cluster.slotOf(4)};
            cluster.close();
            for (int slot : others) {
                cluster.startAsync(slot);
            }
            Eventually.eventually(Duration.ofSeconds(40), "nodes 2, 3, 4 back", () -> cluster.running().size() == 3);
            for (SpateNode n : cluster.running()) {
                Eventually.eventually(WAIT, "voters 2,3,4 on node " + n.nodeId(),
                        () -> ids(status(n).voters()).equals(Set.of(2, 3, 4)));
            }
            createThrough(cluster.running().get(0), "after-restart");
            awaitTopicOn(cluster, "after-restart");
        } finally {
            cluster.close();
        }
    }

    private static void assertRefused(java.util.function.Supplier<io.vertx.core.Future<?>> change, String why) {
        Throwable e = assertThrows(Throwable.class, () -> TestNode.await(change.get()));
        while (!(e instanceof io.spate.cluster.raft.VoterChangeException) && e.getCause() != null) {
            e = e.getCause();
        }
        assertTrue(e instanceof io.spate.cluster.raft.VoterChangeException v
                && v.kind() == io.spate.cluster.raft.VoterChangeException.Kind.INVALID
                && e.getMessage().contains(why), String.valueOf(e));
    }

    static MetadataQuorum quorum(SpateNode n) {
        return (MetadataQuorum) n.clusterMetadata().orElseThrow();
    }

    static QuorumStatus status(SpateNode n) {
        return TestNode.await(((MetadataQuorum) n.clusterMetadata().orElseThrow()).raft().quorumStatus());
    }

    static Set<Integer> ids(Set<SpateEndpoint> endpoints) {
        return endpoints.stream().map(SpateEndpoint::nodeId).collect(java.util.stream.Collectors.toSet());
    }

    static io.spate.client.QuorumDescription describe(SpateNode node) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            return Blocking.await(admin.describeQuorum(), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
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
