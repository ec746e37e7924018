package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.PartitionReassignment;
import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the replica-moving commands show a plan ({@code cluster rebalance}, {@code cluster
 * decommission}) and the moves in progress ({@code cluster reassignments}), as text and JSON. Pure.
 */
final class ReassignmentViews {
    private ReassignmentViews() {
    }

    /**
     * The title with the number of partitions and replicas that move, a table of the changed
     * partitions (old → new replicas), and the replica count per node before and after.
     */
    static String planText(String title, Map<TopicPartition, List<Integer>> current, Map<TopicPartition, List<Integer>> plan) {
        StringBuilder out = new StringBuilder(title).append(": ");
        if (plan.isEmpty()) {
            return out.append("nothing to move, ").append(current.size()).append(" partition(s) already in place\n").toString();
        }
        out.append(plan.size()).append(" of ").append(current.size()).append(" partition(s) change, ")
                .append(replicasMoved(current, plan)).append(" replica(s) move\n");
        Table t = new Table("topic", "partition", "replicas", "new replicas");
        plan.forEach((tp, replicas) -> t.row(tp.topic(), tp.partition(), ids(current.get(tp)), ids(replicas)));
        out.append(t.render());
        Map<Integer, int[]> load = load(current, plan);
        out.append("Replicas per node: ").append(load.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()[0] + " -> " + e.getValue()[1]).collect(Collectors.joining(", ")))
                .append('\n');
        return out.toString();
    }

    /**
     * {@code {"title", "executed", "partitions", "replicasMoved", "moves": [{"topic", "partition",
     * "replicas", "newReplicas"}], "replicasPerNode": {"ID": {"before", "after"}}}}.
     */
    static ObjectNode planJson(String title, Map<TopicPartition, List<Integer>> current,
                               Map<TopicPartition, List<Integer>> plan, boolean executed) {
        ObjectNode root = Json.object().put("title", title).put("executed", executed && !plan.isEmpty())
                .put("partitions", current.size()).put("replicasMoved", replicasMoved(current, plan));
        ArrayNode moves = root.putArray("moves");
        plan.forEach((tp, replicas) -> {
            ObjectNode m = moves.addObject().put("topic", tp.topic()).put("partition", tp.partition());
            current.get(tp).forEach(m.putArray("replicas")::add);
            replicas.forEach(m.putArray("newReplicas")::add);
        });
        ObjectNode perNode = root.putObject("replicasPerNode");
        load(current, plan).forEach((id, c) -> perNode.putObject(String.valueOf(id)).put("before", c[0]).put("after", c[1]));
        return root;
    }

    /** A table of the moves in progress, or a line saying there are none. */
    static String movingText(Map<TopicPartition, PartitionReassignment> moving) {
        if (moving.isEmpty()) {
            return "No partition is being moved.\n";
        }
        Table t = new Table("topic", "partition", "replicas", "adding", "removing", "target");
        moving.forEach((tp, m) -> t.row(tp.topic(), tp.partition(), ids(m.replicas()), ids(m.adding()), ids(m.removing()),
                ids(m.target())));
        return moving.size() + " partition(s) being moved\n" + t.render();
    }

    /** {@code {"cancelled", "moves": [{"topic", "partition", "replicas", "adding", "removing", "target"}]}}. */
    static ObjectNode movingJson(Map<TopicPartition, PartitionReassignment> moving, boolean cancelled) {
        ObjectNode root = Json.object().put("cancelled", cancelled && !moving.isEmpty());
        ArrayNode moves = root.putArray("moves");
        moving.forEach((tp, m) -> {
            ObjectNode n = moves.addObject().put("topic", tp.topic()).put("partition", tp.partition());
            m.replicas().forEach(n.putArray("replicas")::add);
            m.adding().forEach(n.putArray("adding")::add);
            m.removing().forEach(n.putArray("removing")::add);
            m.target().forEach(n.putArray("target")::add);
        });
        return root;
    }

    /** Node ids joined by commas, {@code -} for none. */
    static String ids(List<Integer> ids) {
        return ids.isEmpty() ? "-" : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The replicas the plan places on nodes that did not hold that partition. */
    private static int replicasMoved(Map<TopicPartition, List<Integer>> current, Map<TopicPartition, List<Integer>> plan) {
        int moved = 0;
        for (Map.Entry<TopicPartition, List<Integer>> e : plan.entrySet()) {
            moved += (int) e.getValue().stream().filter(r -> !current.get(e.getKey()).contains(r)).count();
        }
        return moved;
    }

    /** Per node: replicas before and after the plan. */
    private static Map<Integer, int[]> load(Map<TopicPartition, List<Integer>> current, Map<TopicPartition, List<Integer>> plan) {
        Map<Integer, int[]> load = new TreeMap<>();
        current.forEach((tp, replicas) -> {
            replicas.forEach(r -> load.computeIfAbsent(r, id -> new int[2])[0]++);
            plan.getOrDefault(tp, replicas).forEach(r -> load.computeIfAbsent(r, id -> new int[2])[1]++);
        });
        return load;
    }
}
