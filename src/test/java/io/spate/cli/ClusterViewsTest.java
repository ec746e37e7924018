package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.client.ClusterDescription;
import io.spate.client.Node;
import io.spate.client.PartitionInfo;
import io.spate.client.PartitionReassignment;
import io.spate.client.TopicDescription;
import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict of a {@link ClusterReport} and how describe and health show it, in text and JSON. */
class ClusterViewsTest {
    private static final ClusterDescription THREE = new ClusterDescription("c-1", 2, List.of(
            new Node(1, "127.0.0.1", 7092, null), new Node(2, "127.0.0.1", 7093, "r2"),
            new Node(3, "127.0.0.1", 7094, null)));
    private static final TopicDescription HEALTHY_ORDERS = topic("orders", false,
            partition(0, 1, List.of(1, 2, 3), List.of(1, 2, 3)),
            partition(1, 2, List.of(2, 3, 1), List.of(2, 3, 1)));
    private static final TopicDescription OFFSETS = topic("__consumer_offsets", true,
            partition(0, 3, List.of(3, 1, 2), List.of(3, 1, 2)));
    private static final TopicDescription DEGRADED = topic("pay", false,
            partition(1, 1, List.of(1, 2, 3), List.of(1, 2)),
            partition(0, -1, List.of(3), List.of()));

    private static PartitionInfo partition(int p, int leader, List<Integer> replicas, List<Integer> isr) {
        long u = PartitionInfo.UNKNOWN;
        return new PartitionInfo(p, leader, 7, replicas, isr, u, u, u, u, -1);
    }

    private static TopicDescription topic(String name, boolean internal, PartitionInfo... partitions) {
        return new TopicDescription(name, internal, List.of(partitions), Map.of());
    }

    @Test
    void everyPartitionLedWithAFullIsrIsHealthy() {
        ClusterReport r = ClusterReport.of(THREE, List.of(HEALTHY_ORDERS, OFFSETS));
        assertTrue(r.healthy());
        assertEquals(List.of(), r.problems());
        assertEquals("HEALTHY: 3 node(s), 3 partition(s), every one with a leader and a full ISR\n",
                ClusterViews.healthText(r));
    }

    @Test
    void aClusterWithoutTopicsIsHealthy() {
        assertTrue(ClusterReport.of(THREE, List.of()).healthy());
    }

    @Test
    void aSingleNodeIsHealthy() {
        ClusterDescription one = new ClusterDescription("solo", 0, List.of(new Node(0, "127.0.0.1", 7092, null)));
        ClusterReport r = ClusterReport.of(one, List.of(topic("t", false, partition(0, 0, List.of(0), List.of(0)))));
        assertTrue(r.healthy());
    }

    @Test
    void healthListsOfflineThenUnderReplicatedPartitionsAndTheVerdict() {
        ClusterReport r = ClusterReport.of(THREE, List.of(HEALTHY_ORDERS, DEGRADED));
        assertFalse(r.healthy());
        assertEquals(1, r.count(PartitionHealth.OFFLINE));
        assertEquals(1, r.count(PartitionHealth.UNDER_REPLICATED));
        assertEquals("""
                OFFLINE pay-0: no leader (replicas 3, isr -)
                UNDER-REPLICATED pay-1: isr 1,2 of replicas 1,2,3 (leader 1)
                NOT HEALTHY: 3 node(s), 4 partition(s), 1 offline, 1 under-replicated
                """, ClusterViews.healthText(r));
    }

    @Test
    void anUnderReplicatedInternalPartitionIsAProblemToo() {
        TopicDescription offsets = topic("__consumer_offsets", true, partition(0, 3, List.of(3, 1, 2), List.of(3)));
        ClusterReport r = ClusterReport.of(THREE, List.of(offsets));
        assertFalse(r.healthy());
        assertEquals("UNDER-REPLICATED __consumer_offsets-0 (internal): isr 3 of replicas 3,1,2 (leader 3)",
                ClusterViews.problemLine(r.problems().get(0)));
    }

    @Test
    void describeTextShowsNodesPartitionsSortedWithStatesAndASummary() {
        ClusterReport r = ClusterReport.of(THREE, List.of(DEGRADED, HEALTHY_ORDERS, OFFSETS));
        assertEquals("""
                Cluster:    c-1
                Controller: 2

                NODES
                ID  ADDRESS         RACK  CONTROLLER
                1   127.0.0.1:7092  -     no
                2   127.0.0.1:7093  r2    yes
                3   127.0.0.1:7094  -     no

                PARTITIONS
                TOPIC               INTERNAL  PARTITION  LEADER  EPOCH  REPLICAS  ISR    STATE
                __consumer_offsets  true      0          3       7      3,1,2     3,1,2  OK
                orders              false     0          1       7      1,2,3     1,2,3  OK
                orders              false     1          2       7      2,3,1     2,3,1  OK
                pay                 false     0          none    7      3         -      OFFLINE
                pay                 false     1          1       7      1,2,3     1,2    UNDER-REPLICATED

                Summary: 5 partitions, 1 under-replicated, 1 offline, 0 reassigning
                """, ClusterViews.describeText(r));
    }

    @Test
    void describeJsonHasNodesPartitionsAndSummary() {
        JsonNode doc = Json.parse(Json.pretty(ClusterViews.describeJson(
                ClusterReport.of(THREE, List.of(HEALTHY_ORDERS, DEGRADED)))));
        assertEquals("c-1", doc.get("clusterId").asText());
        assertEquals(2, doc.get("controller").asInt());
        assertEquals(3, doc.get("nodes").size());
        JsonNode node2 = doc.get("nodes").get(1);
        assertEquals(2, node2.get("id").asInt());
        assertEquals(7093, node2.get("port").asInt());
        assertEquals("r2", node2.get("rack").asText());
        assertTrue(node2.get("controller").asBoolean());
        assertTrue(doc.get("nodes").get(0).get("rack").isNull());
        JsonNode offline = doc.get("partitions").get(2);
        assertEquals("pay", offline.get("topic").asText());
        assertEquals(0, offline.get("partition").asInt());
        assertEquals(-1, offline.get("leader").asInt());
        assertEquals("OFFLINE", offline.get("state").asText());
        assertEquals(0, offline.get("isr").size());
        assertEquals("[1,2,3]", Json.compact(doc.get("partitions").get(0).get("replicas")));
        assertEquals("{\"partitions\":4,\"underReplicated\":1,\"offline\":1,\"reassigning\":0}", Json.compact(doc.get("summary")));
    }

    @Test
    void healthJsonHasTheVerdictCountsAndProblems() {
        JsonNode doc = Json.parse(Json.pretty(ClusterViews.healthJson(
                ClusterReport.of(THREE, List.of(HEALTHY_ORDERS, DEGRADED)))));
        assertFalse(doc.get("healthy").asBoolean());
        assertEquals(3, doc.get("nodes").asInt());
        assertEquals(4, doc.get("partitions").asInt());
        assertEquals(2, doc.get("problems").size());
        assertEquals("OFFLINE", doc.get("problems").get(0).get("state").asText());
        assertEquals("UNDER-REPLICATED", doc.get("problems").get(1).get("state").asText());
        assertEquals("[1,2]", Json.compact(doc.get("problems").get(1).get("isr")));

        JsonNode ok = Json.parse(Json.pretty(ClusterViews.healthJson(ClusterReport.of(THREE, List.of(HEALTHY_ORDERS)))));
        assertTrue(ok.get("healthy").asBoolean());
        assertEquals(0, ok.get("problems").size());
    }

    @Test
    void aPartitionBeingMovedIsReassigningAndHealthyUnlessItsOriginalReplicasFellOutOfTheIsr() {
        TopicDescription moving = topic("orders", false,
                partition(0, 2, List.of(4, 2, 3, 1), List.of(2, 3, 1)),
                partition(1, 2, List.of(4, 2, 3, 1), List.of(2, 3)));
        PartitionReassignment move = new PartitionReassignment(List.of(4, 2, 3, 1), List.of(4), List.of(1));
        ClusterReport r = ClusterReport.of(THREE, List.of(moving),
                Map.of(new TopicPartition("orders", 0), move, new TopicPartition("orders", 1), move));
        assertEquals(PartitionHealth.REASSIGNING, r.partitions().get(0).state());
        assertEquals(PartitionHealth.UNDER_REPLICATED, r.partitions().get(1).state());
        assertEquals(List.of(r.partitions().get(1)), r.problems());
        assertEquals(List.of(4, 2, 3), move.target());
    }
}
