package io.spate.cli;

import io.spate.client.Node;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans where partitions' replicas should live, for {@code spate cluster rebalance} and
 * {@code spate cluster decommission}, as a pure function of the live nodes and the current replica
 * lists; every step moves as few replicas as it can:
 * <ol>
 *   <li><b>Evacuate</b>: a replica on a node that is not a target (not live, or being
 *       decommissioned) moves to the target node with the fewest replicas that does not hold the
 *       partition yet, preferring a rack the partition's other replicas do not use. It keeps its
 *       position in the list, so a partition's preferred leader moves with it.</li>
 *   <li><b>Balance replicas</b> (rebalance only): while the most loaded target node holds two or
 *       more replicas more than the least loaded, one replica moves from the former to the latter,
 *       from a partition the latter does not hold, without putting two replicas in one rack where the
 *       partition had them apart.</li>
 *   <li><b>Balance preferred leaders</b> (rebalance only): while one node is the preferred leader
 *       (first replica) of two or more partitions more than another that also holds a replica of
 *       one of them, the two swap places in that list. No data moves for this.</li>
 * </ol>
 */
final class RebalancePlanner {
    private final Map<Integer, String> racks = new HashMap<>();
    private final List<Integer> targets;
    private final Map<TopicPartition, List<Integer>> plan = new TreeMap<>(
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    private final Map<Integer, Integer> load = new HashMap<>();

    private RebalancePlanner(List<Node> nodes, Set<Integer> excluded, Map<TopicPartition, List<Integer>> current) {
        nodes.forEach(n -> racks.put(n.id(), n.rack()));
        targets = nodes.stream().map(Node::id).filter(id -> !excluded.contains(id)).sorted().toList();
        targets.forEach(id -> load.put(id, 0));
        current.forEach((tp, replicas) -> plan.put(tp, new ArrayList<>(replicas)));
        plan.values().forEach(rs -> rs.forEach(r -> load.computeIfPresent(r, (id, c) -> c + 1)));
    }

    /**
     * The partitions whose replica list changes (new list, first = preferred leader), when the
     * replicas move onto {@code nodes} less {@code excluded}; with {@code balance}, also spread evenly.
     *
     * @throws IllegalArgumentException when a partition has more replicas than there are target nodes
     */
    static Map<TopicPartition, List<Integer>> plan(List<Node> nodes, Set<Integer> excluded,
                                                   Map<TopicPartition, List<Integer>> current, boolean balance) {
        RebalancePlanner p = new RebalancePlanner(nodes, excluded, current);
        p.evacuate();
        if (balance) {
            p.balanceReplicas();
            p.balanceLeaders();
        }
        Map<TopicPartition, List<Integer>> changed = new LinkedHashMap<>();
        p.plan.forEach((tp, replicas) -> {
            if (!replicas.equals(current.get(tp))) {
                changed.put(tp, List.copyOf(replicas));
            }
        });
        return changed;
    }

    private void evacuate() {
        plan.forEach((tp, replicas) -> {
            for (int i = 0; i < replicas.size(); i++) {
                int r = replicas.get(i);
                if (load.containsKey(r)) {
                    continue;
                }
                Integer to = leastLoaded(replicas, i);
                if (to == null) {
                    throw new IllegalArgumentException(tp + " has " + replicas.size() + " replicas but only "
                            + targets.size() + " node(s) can hold them (" + targets + ")");
                }
                replicas.set(i, to);
                load.merge(to, 1, Integer::sum);
            }
        });
    }

    /** The target node for position {@code i} of {@code replicas}: not in the list, new rack first, then fewest replicas. */
    private Integer leastLoaded(List<Integer> replicas, int i) {
        Set<String> usedRacks = racksOf(replicas, i);
        return targets.stream().filter(n -> !replicas.contains(n))
                .min(Comparator.comparing((Integer n) -> usedRacks.contains(racks.get(n)) ? 1 : 0)
                        .thenComparing(n -> load.get(n)).thenComparing(n -> n))
                .orElse(null);
    }

    private void balanceReplicas() {
        for (int guard = 0; guard < 100_000; guard++) {
            if (!moveOneReplica()) {
                return;
            }
        }
    }

    /** One replica from a more loaded to a less loaded node (by two or more), if some partition allows it. */
    private boolean moveOneReplica() {
        List<Integer> byLoad = targets.stream().sorted(Comparator.comparing((Integer n) -> load.get(n)).thenComparing(n -> n)).toList();
        for (int hi = byLoad.size() - 1; hi > 0; hi--) {
            int from = byLoad.get(hi);
            for (int lo = 0; lo < hi && load.get(from) - load.get(byLoad.get(lo)) >= 2; lo++) {
                int to = byLoad.get(lo);
                for (List<Integer> replicas : plan.values()) {
                    int i = replicas.indexOf(from);
                    if (i >= 0 && !replicas.contains(to) && rackAllows(replicas, i, to)) {
                        replicas.set(i, to);
                        load.merge(from, -1, Integer::sum);
                        load.merge(to, 1, Integer::sum);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Moving position {@code i} to {@code to} does not put it in a rack another replica uses, unless it already was. */
    private boolean rackAllows(List<Integer> replicas, int i, int to) {
        Set<String> used = racksOf(replicas, i);
        return !used.contains(racks.get(to)) || used.contains(racks.get(replicas.get(i)));
    }

    private Set<String> racksOf(List<Integer> replicas, int except) {
        Set<String> used = new HashSet<>();
        for (int j = 0; j < replicas.size(); j++) {
            String rack = racks.get(replicas.get(j));
            if (j != except && rack != null) {
                used.add(rack);
            }
        }
        return used;
    }

    private void balanceLeaders() {
        for (int guard = 0; guard < 100_000; guard++) {
            Map<Integer, Integer> leaders = new HashMap<>();
            targets.forEach(n -> leaders.put(n, 0));
            plan.values().forEach(rs -> leaders.computeIfPresent(rs.get(0), (n, c) -> c + 1));
            if (!swapOneLeader(leaders)) {
                return;
            }
        }
    }

    private boolean swapOneLeader(Map<Integer, Integer> leaders) {
        List<Integer> byCount = targets.stream().sorted(Comparator.comparing((Integer n) -> leaders.get(n)).thenComparing(n -> n)).toList();
        for (int hi = byCount.size() - 1; hi > 0; hi--) {
            int from = byCount.get(hi);
            for (int lo = 0; lo < hi && leaders.get(from) - leaders.get(byCount.get(lo)) >= 2; lo++) {
                int to = byCount.get(lo);
                for (List<Integer> replicas : plan.values()) {
                    int i = replicas.indexOf(to);
                    if (Objects.equals(replicas.get(0), from) && i > 0) {
                        replicas.set(i, from);
                        replicas.set(0, to);
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
