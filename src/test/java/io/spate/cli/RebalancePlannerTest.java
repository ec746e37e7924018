package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.Node;
import io.spate.protocol.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {
    private static List<Node> nodes(int... ids) {
        return java.util.Arrays.stream(ids).mapToObj(id -> new Node(id, "127.0.0.1", 7000 + id, null)).toList();
    }

    /** {@code count} partitions of RF 3 over nodes 1..3, preferred leaders round-robin. */
    private static Map<TopicPartition, List<Integer>> threeNodeTopic(int count) {
        Map<TopicPartition, List<Integer>> m = new LinkedHashMap<>();
        for (int p = 0; p < count; p++) {
            m.put(new TopicPartition("t", p), List.of(1 + p % 3, 1 + (p + 1) % 3, 1 + (p + 2) % 3));
        }
        return m;
    }

    private static Map<TopicPartition, List<Integer>> applied(Map<TopicPartition, List<Integer>> current,
                                                            Map<TopicPartition, List<Integer>> plan) {
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>(current);
        out.putAll(plan);
        return out;
    }

    private static Map<Integer, Integer> count(Map<TopicPartition, List<Integer>> assignment, boolean leadersOnly) {
        Map<Integer, Integer> c = new HashMap<>();
        assignment.values().forEach(rs -> (leadersOnly ? rs.subList(0, 1) : rs).forEach(r -> c.merge(r, 1, Integer::sum)));
        return c;
    }

    @Test
    void aNewNodeGetsItsShareOfReplicasAndLeadersWithFewMoves() {
        Map<TopicPartition, List<Integer>> current = threeNodeTopic(12);
        Map<TopicPartition, List<Integer>> plan = RebalancePlanner.plan(nodes(1, 2, 3, 4), Set.of(), current, true);
        Map<TopicPartition, List<Integer>> after = applied(current, plan);
        assertEquals(Map.of(1, 9, 2, 9, 3, 9, 4, 9), count(after, false));
        assertEquals(Map.of(1, 3, 2, 3, 3, 3, 4, 3), count(after, true));
        long moved = plan.entrySet().stream().mapToLong(e -> e.getValue().stream()
                .filter(r -> !current.get(e.getKey()).contains(r)).count()).sum();
        assertEquals(9, moved, "exactly the new node's share moves");
        after.values().forEach(rs -> assertEquals(3, new HashSet<>(rs).size(), "no node twice in one partition"));
    }

    @Test
    void aBalancedClusterNeedsNoPlan() {
        assertTrue(RebalancePlanner.plan(nodes(1, 2, 3), Set.of(), threeNodeTopic(6), true).isEmpty());
    }

    @Test
    void decommissionMovesOnlyTheDrainedNodesReplicasKeepingTheirPositions() {
        Map<TopicPartition, List<Integer>> current = new LinkedHashMap<>();
        for (int p = 0; p < 8; p++) {
            current.put(new TopicPartition("t", p), List.of(1 + p % 4, 1 + (p + 1) % 4, 1 + (p + 2) % 4));
        }
        Map<TopicPartition, List<Integer>> plan = RebalancePlanner.plan(nodes(1, 2, 3, 4), Set.of(2), current, false);
        Map<TopicPartition, List<Integer>> after = applied(current, plan);
        after.values().forEach(rs -> assertFalse(rs.contains(2)));
        plan.forEach((tp, rs) -> {
            List<Integer> before = current.get(tp);
            for (int i = 0; i < rs.size(); i++) {
                assertTrue(before.get(i) == 2 || before.get(i).equals(rs.get(i)), "only node 2's position changes: " + tp);
            }
        });
        assertEquals(6, plan.size(), "every partition node 2 held, none other");
        Map<Integer, Integer> load = count(after, false);
        assertEquals(8, load.get(1));
        assertEquals(8, load.get(3));
        assertEquals(8, load.get(4));
    }

    @Test
    void replicasOnNodesThatAreNotLiveMoveToLiveOnes() {
        Map<TopicPartition, List<Integer>> current = Map.of(new TopicPartition("t", 0), List.of(9, 1, 2));
        Map<TopicPartition, List<Integer>> plan = RebalancePlanner.plan(nodes(1, 2, 3), Set.of(), current, true);
        assertEquals(Set.of(1, 2, 3), Set.copyOf(plan.get(new TopicPartition("t", 0))));
    }

    @Test
    void racksStayApartWhenTheyCan() {
        List<Node> racked = List.of(new Node(1, "h", 1, "a"), new Node(2, "h", 2, "b"), new Node(3, "h", 3, "a"),
                new Node(4, "h", 4, "b"));
        Map<TopicPartition, List<Integer>> current = Map.of(new TopicPartition("t", 0), List.of(1, 2));
        Map<TopicPartition, List<Integer>> plan = RebalancePlanner.plan(racked, Set.of(2), current, false);
        assertEquals(List.of(1, 4), plan.get(new TopicPartition("t", 0)), "node 4 is in rack b, node 3 would share a");
    }

    @Test
    void tooFewNodesForTheReplicationFactorIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RebalancePlanner.plan(nodes(1, 2, 3), Set.of(3), threeNodeTopic(1), false));
        assertTrue(e.getMessage().contains("t-0 has 3 replicas but only 2 node(s)"), e.getMessage());
    }
}
