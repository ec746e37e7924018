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
            awaitRegistrations(cluster.running());
            // another process cannot register the id of a live one: the quorum's image refuses it
            SpateNode holder = cluster.node(1);
            ClusterMembership real = membership(holder);
            ClusterMembership impostor = (ClusterMembership) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ClusterMembership.class},
                    (proxy, method, args) -> method.getName().equals("incarnation") ? "impostor"
                            : method.invoke(real, args));
            ClusterMetadata holderMetadata = holder.clusterMetadata().orElseThrow();
            MetadataImage before = holderMetadata.current();
            io.vertx.core.Vertx timers = io.vertx.core.Vertx.vertx();
            NodeRegistrar.NodeIdInUseException refused;
            try {
                refused = assertThrows(NodeRegistrar.NodeIdInUseException.class, () ->
                        TestNode.await(new NodeRegistrar(timers, holderMetadata, impostor, null,
                                io.spate.common.Time.SYSTEM).register("127.0.0.1", 1, 5_000)));
            } finally {
                timers.close();
            }
            assertTrue(refused.getMessage().contains("node id " + holder.nodeId() + " is registered by another live "
                    + "process at 127.0.0.1:" + holder.port()), refused.getMessage());
            assertEquals(before.nodes(), holderMetadata.current().nodes(), "the refusal changed nothing");

            int controller = membership(cluster.node(0)).controllerId().getAsInt();
            assertEquals(1, cluster.running().stream().filter(n -> membership(n).controllerId().orElse(-1) == n.nodeId()).count());

            // a partition led by the controller's node
            List<Integer> replicas = new java.util.ArrayList<>(List.of(1, 2, 3));
            replicas.remove(Integer.valueOf(controller));
            replicas.add(0, controller);
            TestNode.await(cluster.node(0).clusterMetadata().orElseThrow().update(img -> img.withTopic(
                    new TopicState("t", null, java.util.Map.of(), List.of(PartitionState.initial(replicas))))));

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
            String firstRun = cluster.running().get(0).clusterMetadata().orElseThrow().current().nodes().get(controller)
                    .incarnation();
            SpateNode back = cluster.start(controllerSlot);
            assertEquals(controller, back.nodeId());
            awaitAgreement(cluster.running(), 3);
            awaitRegistrations(cluster.running());
            assertNotEquals(firstRun, membership(back).incarnation(), "each start registers a new incarnation");
            assertEquals(next, membership(back).controllerId().getAsInt(), "the oldest member stays controller");
            Eventually.eventually(Duration.ofSeconds(10), "every node's advertised port seen by all", () ->
                    cluster.running().stream().allMatch(n -> membership(n).liveNodes().stream()
                            .allMatch(r -> r.port() > 0)));

            // a record goes back to an older member UUID (as a merge racing a crash can leave it):
            // its node writes it again, and every node counts it as live again
            // the claims in Hazelcast's map carry the port too (liveNodes takes it from the registration)
            Eventually.eventually(Duration.ofSeconds(10), "node " + controller + "'s claim with its port seen by itself",
                    () -> membership(back).knownNodes().get(controller).port() == back.port());
            NodeRecord realRecord = membership(back).knownNodes().get(controller);
            NodeRecord stale = new NodeRecord(realRecord.nodeId(), UUID.randomUUID().toString(), realRecord.host(),
                    realRecord.port(), realRecord.rack(), realRecord.incarnation());
            IMap<Integer, String> records = cluster.hazelcast().getMap(HazelcastMembership.NODES_MAP);
            records.set(controller, stale.toJson());
            Eventually.eventually(Duration.ofSeconds(20), "node " + controller + " registered again", () ->
                    realRecord.equals(NodeRecord.fromJson(records.get(controller))));
            awaitAgreement(cluster.running(), 3);

            // the image registers the id to another process: the node counts as live nowhere, itself included
            TestNode.await(back.clusterMetadata().orElseThrow().update(img -> img.withNode(
                    new RegisteredNode(controller, "another-process", "127.0.0.1", 1, null))));
            awaitAgreement(cluster.running(), 2);
            assertTrue(cluster.running().stream().allMatch(n -> membership(n).liveNodes().stream()
                    .noneMatch(r -> r.nodeId() == controller)));
            assertEquals(3, membership(back).presentNodes().size(), "still present: it follows the quorum");
        }
    }

    /** Every node sees each running node registered in the image under its current process and port. */
    private static void awaitRegistrations(List<SpateNode> nodes) {
        Eventually.eventually(Duration.ofSeconds(20), "every node registered with its listener's port", () ->
                nodes.stream().allMatch(seer -> nodes.stream().allMatch(n -> {
                    RegisteredNode r = seer.clusterMetadata().orElseThrow().current().nodes().get(n.nodeId());
                    return r != null && r.incarnation().equals(membership(n).incarnation()) && r.port() == n.port();
                })));
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
