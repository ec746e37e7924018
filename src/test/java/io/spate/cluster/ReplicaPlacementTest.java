package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.cluster.ReplicaPlacement.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {
    private static List<Candidate> nodes(int n) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new Candidate(i, null));
        }
        return out;
    }

    @Test
    void kafkasDocumentedExampleWithoutRacks() {
        // AdminUtils' Scaladoc: 5 brokers, 10 partitions, rf 3, start index 0
        List<List<Integer>> a = ReplicaPlacement.assign(nodes(5), 10, 3, 0, 0);
        assertEquals(List.of(1, 2, 3), a.get(0));
        assertEquals(List.of(2, 3, 4), a.get(1));
        assertEquals(List.of(5, 1, 2), a.get(4));
        assertEquals(List.of(1, 3, 4), a.get(5));
        assertEquals(List.of(5, 2, 3), a.get(9));
    }

    @Test
    void leadersAndReplicasSpreadEvenly() {
        List<List<Integer>> a = ReplicaPlacement.assign(nodes(3), 30, 3, 0, 2);
        Map<Integer, Integer> leaders = new HashMap<>();
        a.forEach(r -> leaders.merge(r.get(0), 1, Integer::sum));
        assertEquals(Map.of(1, 10, 2, 10, 3, 10), leaders);
        a.forEach(r -> assertEquals(3, new HashSet<>(r).size(), "distinct replicas " + r));
    }

    @Test
    void everyPartitionSpansAllRacksWhenRfAllowsIt() {
        List<Candidate> racked = List.of(new Candidate(1, "a"), new Candidate(2, "a"), new Candidate(3, "b"),
                new Candidate(4, "b"), new Candidate(5, "c"), new Candidate(6, "c"));
        Map<Integer, String> rackOf = new HashMap<>();
        racked.forEach(c -> rackOf.put(c.nodeId(), c.rack()));
        for (int start = 0; start < 6; start++) {
            List<List<Integer>> a = ReplicaPlacement.assign(racked, 12, 3, 0, start);
            for (List<Integer> r : a) {
                Set<String> racks = new HashSet<>();
                r.forEach(id -> racks.add(rackOf.get(id)));
                assertEquals(3, racks.size(), "replicas " + r + " cover three racks");
                assertEquals(3, new HashSet<>(r).size());
            }
        }
    }

    @Test
    void moreReplicasThanRacksStillUsesDistinctNodes() {
        List<Candidate> racked = List.of(new Candidate(1, "a"), new Candidate(2, "a"), new Candidate(3, "b"),
                new Candidate(4, "b"));
        for (List<Integer> r : ReplicaPlacement.assign(racked, 8, 3, 0, 1)) {
            assertEquals(3, new HashSet<>(r).size(), r.toString());
        }
    }

    @Test
    void rackAlternatedOrderTakesOneNodePerRackInTurn() {
        List<Candidate> racked = List.of(new Candidate(1, "a"), new Candidate(2, "a"), new Candidate(3, "b"),
                new Candidate(4, "c"));
        assertEquals(List.of(1, 3, 4, 2), ReplicaPlacement.rackAlternated(racked).stream().map(Candidate::nodeId).toList());
    }

    @Test
    void refusesImpossibleRequests() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReplicaPlacement.assign(nodes(2), 1, 3, 0, 0));
        assertTrue(e.getMessage().contains("larger than the 2 live nodes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReplicaPlacement.assign(nodes(2), 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ReplicaPlacement.assign(
                List.of(new Candidate(1, "a"), new Candidate(2, null)), 1, 1, 0, 0));
    }

    @Test
    void addedPartitionsContinueTheLeaderRotation() {
        List<List<Integer>> all = ReplicaPlacement.assign(nodes(4), 8, 2, 0, 1);
        List<List<Integer>> tail = ReplicaPlacement.assign(nodes(4), 3, 2, 5, 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(all.get(5 + i).get(0), tail.get(i).get(0), "preferred leader of partition " + (5 + i));
            assertEquals(2, new HashSet<>(tail.get(i)).size());
        }
    }
}
