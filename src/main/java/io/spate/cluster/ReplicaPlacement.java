package io.spate.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the replicas of new partitions go: Kafka's assignment (AdminUtils). The first replica of a
 * partition is its preferred leader; partitions start on consecutive nodes, so leaders spread
 * evenly, and the followers are shifted by an amount that grows every full round, so that the
 * followers of one node's partitions spread over the others too. With racks, nodes are ordered
 * rack by rack alternately and a replica skips nodes whose rack already holds one until every
 * rack has one.
 */
public final class ReplicaPlacement {
    /** A node that can hold replicas. */
    public record Candidate(int nodeId, String rack) {
    }

    private ReplicaPlacement() {
    }

    /**
     * Replicas for partitions {@code firstPartition ..} of a topic.
     *
     * @param startIndex where the first partition starts in the node order, and the first follower
     *                   shift (Kafka draws both at random per topic; callers pass a random value,
     *                   tests a fixed one)
     * @throws IllegalArgumentException when there are fewer nodes than {@code replicationFactor}
     */
    public static List<List<Integer>> assign(List<Candidate> nodes, int partitions, int replicationFactor,
                                             int firstPartition, int startIndex) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
        }
        if (replicationFactor > nodes.size()) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " is larger than the "
                    + nodes.size() + " live nodes");
        }
        boolean racks = nodes.stream().allMatch(c -> c.rack() != null);
        if (!racks && nodes.stream().anyMatch(c -> c.rack() != null)) {
            throw new IllegalArgumentException("some nodes have cluster.rack and some do not; set it on all or none");
        }
        List<Candidate> order = racks ? rackAlternated(nodes) : sorted(nodes);
        return assign(order, partitions, replicationFactor, firstPartition, Math.floorMod(startIndex, order.size()), racks);
    }

    private static List<List<Integer>> assign(List<Candidate> order, int partitions, int rf, int firstPartition,
                                              int start, boolean racks) {
        int n = order.size();
        int shift = start;
        int p = Math.max(0, firstPartition);
        List<List<Integer>> out = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++, p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int first = (p + start) % n;
            List<Integer> replicas = new ArrayList<>(rf);
            replicas.add(order.get(first).nodeId());
            if (racks) {
                addRackAware(order, replicas, first, shift, rf);
            } else {
                for (int j = 0; j < rf - 1; j++) {
                    replicas.add(order.get(replicaIndex(first, shift, j, n)).nodeId());
                }
            }
            out.add(List.copyOf(replicas));
        }
        return out;
    }

    /**
     * Kafka's rule: walk the shifted order and skip a node when its rack already holds a replica
     * while some rack holds none, or when it already holds one (rf never exceeds the nodes).
     */
    private static void addRackAware(List<Candidate> order, List<Integer> replicas, int first, int shift, int rf) {
        int n = order.size();
        int rackCount = (int) order.stream().map(Candidate::rack).distinct().count();
        Set<String> racksWithReplica = new HashSet<>();
        racksWithReplica.add(order.get(first).rack());
        for (int k = 0; replicas.size() < rf; k++) {
            Candidate c = order.get(replicaIndex(first, shift * rackCount, k, n));
            boolean rackOk = !racksWithReplica.contains(c.rack()) || racksWithReplica.size() == rackCount;
            if (rackOk && !replicas.contains(c.nodeId())) {
                replicas.add(c.nodeId());
                racksWithReplica.add(c.rack());
            }
        }
    }

    private static int replicaIndex(int first, int secondShift, int replica, int n) {
        if (n == 1) {
            return first;
        }
        int shift = 1 + Math.floorMod(secondShift + replica, n - 1);
        return (first + shift) % n;
    }

    private static List<Candidate> sorted(List<Candidate> nodes) {
        List<Candidate> s = new ArrayList<>(nodes);
        s.sort((a, b) -> Integer.compare(a.nodeId(), b.nodeId()));
        return s;
    }

    /** Nodes ordered one per rack in turn: r1-n1, r2-n1, r3-n1, r1-n2, ... (Kafka's rack-alternated list). */
    static List<Candidate> rackAlternated(List<Candidate> nodes) {
        Map<String, List<Candidate>> byRack = new TreeMap<>();
        for (Candidate c : sorted(nodes)) {
            byRack.computeIfAbsent(c.rack(), r -> new ArrayList<>()).add(c);
        }
        List<Candidate> out = new ArrayList<>(nodes.size());
        Map<String, Integer> next = new LinkedHashMap<>();
        byRack.keySet().forEach(r -> next.put(r, 0));
        while (out.size() < nodes.size()) {
            for (Map.Entry<String, List<Candidate>> e : byRack.entrySet()) {
                int i = next.get(e.getKey());
                if (i < e.getValue().size()) {
                    out.add(e.getValue().get(i));
                    next.put(e.getKey(), i + 1);
                }
            }
        }
        return out;
    }
}
