package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.broker.node.SpateNode;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.NewTopic;
import io.spate.client.QuorumDescription;
import io.spate.client.SpateAdmin;
import io.spate.cluster.raft.MetadataQuorum;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.testing.Eventually;
import io.spate.testing.QuorumTimings;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster and its metadata quorum: Metadata names the Raft leader as the
 * controller, DescribeQuorum answers from every node, {@code cluster health} shows the quorum line and
 * exits 0; then two nodes stop, and the remaining one (a follower) answers a CreateTopics with
 * REQUEST_TIMED_OUT naming the quorum within the proposal timeout, its health exits non-zero saying it
 * is not part of a quorum, and once the others are back the topic exists on no node.
 */
@Timeout(150)
class QuorumHealthCliTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** The proposal timeout (4 s here), plus the follower's forward reply timeout, plus slack for a loaded 2-core machine. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(4)
            .plus(MetadataQuorum.FORWARD_REPLY_TIMEOUT).plusSeconds(5);

    @TempDir
    Path root;

    @Test
    void healthFollowsTheQuorumAndACutOffNodeNeverAcknowledgesAChange() {
        TestCluster cluster = new TestCluster(root, 3, QuorumTimings.fast("group.initial.rebalance.delay.ms=0", "replica.lag.time.max.ms=3000")).startAll();
        try {
            int leader = awaitLeader(cluster);
            int keptSlot = cluster.slotOf(leader) == 0 ? 1 : 0; // a follower stays: nothing it proposes reaches a log
            SpateNode kept = cluster.node(keptSlot);
            Map<String, String> env = Map.of(SpateCli.BOOTSTRAP_ENV, kept.address());

            // the controller clients are told is the Raft leader, and every node describes the same quorum
            try (Admin admin = new Admin(kept.address())) {
                Eventually.eventually(WAIT, "Metadata names the Raft leader " + leader + " as controller",
                        () -> admin.await(admin.client.describeCluster()).controllerId() == leader);
                for (SpateNode n : cluster.running()) {
                    long epochBefore = n.clusterMetadata().orElseThrow().current().epoch();
                    QuorumDescription q = admin.await(admin.client.describeQuorum(n.nodeId()));
                    long epochAfter = n.clusterMetadata().orElseThrow().current().epoch();
                    // the image epoch the node applied when it answered (registrations made it > 0)
                    assertTrue(q.metadataEpoch() > 0 && q.metadataEpoch() >= epochBefore
                            && q.metadataEpoch() <= epochAfter, q + " between " + epochBefore + " and " + epochAfter);
                    assertTrue(q.enabled(), q::toString);
                    assertEquals(n.nodeId(), q.nodeId());
                    assertEquals(leader, q.leaderId(), q::toString);
                    assertEquals(List.of(1, 2, 3), q.voters());
                    assertTrue(q.leaderEpoch() > 0, q::toString);
                }
                assertEquals(kept.nodeId(), admin.await(admin.client.describeQuorum()).nodeId());
            }
            AtomicReference<CliRun> health = new AtomicReference<>();
            Eventually.eventually(WAIT, "a healthy cluster", () -> {
                health.set(CliRun.withEnv(env, "cluster", "health"));
                return health.get().exitCode() == ExitCodes.OK;
            });
            assertTrue(health.get().out().contains("Quorum: node " + kept.nodeId() + " holds the lease, leader " + leader),
                    health::toString);
            assertTrue(health.get().out().contains(ClusterViews.HEALTHY + ":"), health::toString);
            CliRun json = CliRun.withEnv(env, "cluster", "health", "--json");
            JsonNode quorum = Json.parse(json.out()).get("quorum");
            assertEquals(ExitCodes.OK, json.exitCode(), json::toString);
            assertTrue(quorum.get("leaseHeld").asBoolean() && quorum.get("healthy").asBoolean(), json::toString);
            assertEquals(leader, quorum.get("leader").asInt());
            assertEquals(3, quorum.get("nodes").size(), json::toString);

            // two nodes stop: the remaining follower cannot get a change committed
            for (int slot = 0; slot < 3; slot++) {
                if (slot != keptSlot) {
                    cluster.stop(slot);
                }
            }
            try (Admin admin = new Admin(kept.address())) {
                long start = System.nanoTime();
                SpateException refused = assertThrows(SpateException.class, () -> admin.await(admin.client.createTopics(
                        List.of(new NewTopic("while-cut-off", 1, (short) 1, Map.of())))));
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                System.out.println("CreateTopics on a node without a quorum answered after " + tookMs + " ms: " + refused);
                assertEquals(ErrorCode.REQUEST_TIMED_OUT, refused.error(), refused::toString);
                assertTrue(refused.getMessage().contains("metadata quorum"), refused::toString);
                assertTrue(tookMs < ANSWER_BOUND.toMillis(), "answered within " + ANSWER_BOUND + ": " + tookMs + " ms");
                // no leader known: no controller, though the node is the only (so the oldest) Hazelcast member
                Eventually.eventually(WAIT, "Metadata names no controller",
                        () -> admin.await(admin.client.describeCluster()).controllerId() == -1);
            }
            CliRun cutOff = CliRun.withEnv(env, "cluster", "health");
            System.out.println("health of the cut-off node:\n" + cutOff);
            assertEquals(ExitCodes.UNHEALTHY, cutOff.exitCode(), cutOff::toString);
            assertTrue(cutOff.out().contains(ClusterViews.NOT_HEALTHY + ": node " + kept.nodeId()
                    + " is not part of a metadata quorum"), cutOff::toString);
            CliRun cutOffJson = CliRun.withEnv(env, "cluster", "health", "--json");
            JsonNode doc = Json.parse(cutOffJson.out());
            assertEquals(ExitCodes.UNHEALTHY, cutOffJson.exitCode(), cutOffJson::toString);
            assertFalse(doc.get("healthy").asBoolean());
            assertFalse(doc.get("quorum").get("leaseHeld").asBoolean(), cutOffJson::toString);

            // the others come back: a new change commits everywhere, the refused one exists nowhere
            for (int slot = 0; slot < 3; slot++) {
                if (slot != keptSlot) {
                    cluster.start(slot);
                }
            }
            awaitLeader(cluster);
            try (Admin admin = new Admin(kept.address())) {
                admin.await(admin.client.createTopics(List.of(new NewTopic("after-heal", 1, (short) 1, Map.of()))));
            }
            Eventually.eventually(WAIT, "after-heal on every node", () -> cluster.running().stream()
                    .allMatch(n -> n.clusterMetadata().orElseThrow().current().topic("after-heal") != null));
            for (SpateNode n : cluster.running()) {
                assertNull(n.clusterMetadata().orElseThrow().current().topic("while-cut-off"), "node " + n.nodeId());
            }
        } finally {
            cluster.close();
        }
    }

    @Test
    void aSingleNodeDescribesNoQuorum() {
        SpateNode node = TestNode.start(root.resolve("single"));
        try (Admin admin = new Admin(node.address())) {
            QuorumDescription q = admin.await(admin.client.describeQuorum());
            assertFalse(q.enabled());
            assertEquals(node.nodeId(), q.nodeId());
            assertEquals(-1, q.leaderId());
            assertEquals(-1, q.metadataEpoch(), "a single node has no metadata image");
            CliRun health = CliRun.withEnv(Map.of(SpateCli.BOOTSTRAP_ENV, node.address()), "cluster", "health", "--json");
            assertEquals(ExitCodes.OK, health.exitCode(), health::toString);
            assertFalse(Json.parse(health.out()).has("quorum"), "no quorum object without the quorum: " + health);
        } finally {
            TestNode.stop(node);
        }
    }

    private static int awaitLeader(TestCluster cluster) {
        int[] id = {-1};
        Eventually.eventually(WAIT, "a running node leads the quorum", () -> {
            for (SpateNode n : cluster.running()) {
                MetadataQuorum q = (MetadataQuorum) n.clusterMetadata().orElseThrow();
                if (TestNode.await(q.raft().quorumStatus()).isLeader()) {
                    id[0] = n.nodeId();
                    return true;
                }
            }
            return false;
        });
        assertNotEquals(-1, id[0]);
        return id[0];
    }

    /** An admin client on one node's address, closed at the end. */
    private static final class Admin implements AutoCloseable {
        final SpateAdmin client;

        Admin(String address) {
            client = SpateAdmin.create(new AdminConfig().setBootstrapServers(address));
        }

        <T> T await(io.vertx.core.Future<T> f) {
            return Blocking.await(f, WAIT);
        }

        @Override
        public void close() {
            Blocking.await(client.close(), WAIT);
        }
    }
}
