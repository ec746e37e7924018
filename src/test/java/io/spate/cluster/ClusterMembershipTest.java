package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import io.spate.broker.node.SpateNode;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes that auto-join: ids, the live view, the controller and its hand-over, the majority rule. */
@Timeout(180)
class ClusterMembershipTest {
    @TempDir
    Path root;

    @Test
    void threeNodesFormOneClusterWithDistinctStableIdsAndOneController() {
        try (TestCluster cluster = new TestCluster(root, 3).startAll()) {
            Set<Integer> ids = cluster.running().stream().map(SpateNode::nodeId).collect(Collectors.toSet());
            assertEquals(Set.of(1, 2, 3), ids, "auto ids are the smallest free ones");
            awaitAgreement(cluster.running(), 3);
            int controller = membership(cluster.node(0)).controllerId().getAsInt();
            assertEquals(1, cluster.running().stream().filter(n -> membership(n).isController()).count());

            // a partition led by the controller's node
            List<Integer> replicas = new java.util.ArrayList<>(List.of(1, 2, 3));
            replicas.remove(Integer.valueOf(controller));
            replicas.add(0, controller);
            TestNode.await(cluster.node(0).clusterMetadata().orElseThrow().update(img -> img.withTopic(
                    new TopicState("t", java.util.Map.of(), List.of(PartitionState.initial(replicas))))));

            // the controller leaves: another takes over, everyone agrees on it, and it moves the leadership
            int controllerSlot = cluster.slotOf(controller);
            cluster.stop(controllerSlot);
            awaitAgreement(cluster.running(), 2);
            int next = membership(cluster.running().get(0)).controllerId().getAsInt();
            assertNotEquals(controller, next);
            Eventually.eventually(Duration.ofSeconds(20), "partition led by " + replicas.get(1), () -> cluster.running()
                    .stream().allMatch(n -> n.clusterMetadata().orElseThrow().current().topic("t").partitions().get(0)
                            .equals(new PartitionState(replicas, replicas.get(1), 1, replicas.subList(1, 3)))));
            assertEquals(3, membership(cluster.running().get(0)).knownNodes().size(), "a stopped node stays known");

            // it comes back with its data dir and so with its id
            SpateNode back = cluster.start(controllerSlot);
            assertEquals(controller, back.nodeId());
            awaitAgreement(cluster.running(), 3);
            assertEquals(next, membership(back).controllerId().getAsInt(), "the oldest member stays controller");
            Eventually.eventually(Duration.ofSeconds(10), "every node's advertised port seen by all", () ->
                    cluster.running().stream().allMatch(n -> membership(n).liveNodes().stream()
                            .allMatch(r -> r.port() > 0)));

            // a record goes back to an older member UUID (as a merge racing a crash can leave it):
            // its node writes it again, and every node counts it as live again
            NodeRecord real = membership(back).knownNodes().get(controller);
            NodeRecord stale = new NodeRecord(real.nodeId(), UUID.randomUUID().toString(), real.host(), real.port(),
                    real.rack());
            IMap<Integer, String> records = cluster.hazelcast().getMap(HazelcastMembership.NODES_MAP);
            records.set(controller, stale.toJson());
            Eventually.eventually(Duration.ofSeconds(20), "node " + controller + " registered again", () ->
                    real.equals(NodeRecord.fromJson(records.get(controller))));
            awaitAgreement(cluster.running(), 3);
        }
    }


    @Test
    void aNodeWithoutAMajorityOfClusterSizeDoesNotStart() {
        TestCluster cluster = new TestCluster(root, 3, "cluster.join.timeout.ms=1500");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cluster.start(0));
        assertTrue(e.getMessage().contains("no majority of cluster.size"), e.getMessage());
        cluster.close();
    }

    @Test
    void aDataDirKeepsItsNodeIdAndRefusesAnother() {
        SpateNode alone = TestNode.start(root, "node.id=7");
        assertEquals(7, alone.nodeId());
        TestNode.stop(alone);
        SpateNode again = TestNode.start(root);
        assertEquals(7, again.nodeId(), "auto takes the stored id");
        TestNode.stop(again);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestNode.start(root, "node.id=8"));
        assertTrue(e.getMessage().contains("belongs to node 7"), e.getMessage());
    }

    private static void awaitAgreement(List<SpateNode> nodes, int live) {
        Eventually.eventually(Duration.ofSeconds(30), live + " live nodes and one controller seen by all", () -> {
            Set<Integer> controllers = nodes.stream().map(n -> membership(n).controllerId().orElse(-1))
                    .collect(Collectors.toSet());
            return nodes.stream().allMatch(n -> membership(n).liveNodes().size() == live)
                    && controllers.size() == 1 && !controllers.contains(-1);
        });
    }


    private static ClusterMembership membership(SpateNode n) {
        return n.membership().orElseThrow();
    }
}
