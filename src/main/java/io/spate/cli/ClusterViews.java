package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.Node;
import io.spate.client.PartitionInfo;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How {@code spate cluster describe} and {@code spate cluster health} show a {@link ClusterReport}:
 * text and JSON. Pure functions of the report. A partition without a leader shows {@code none} in text
 * and {@code -1} in JSON; a node without a rack shows {@code -} in text and {@code null} in JSON.
 */
final class ClusterViews {
    /** The last line of {@code spate cluster health} when every partition has a leader and a full ISR. */
    static final String HEALTHY = "HEALTHY";
    /** The start of the last line of {@code spate cluster health} otherwise. */
    static final String NOT_HEALTHY = "NOT HEALTHY";

    private ClusterViews() {
    }

    /** The cluster id and controller, a NODES table, a PARTITIONS table and a summary line. */
    static String describeText(ClusterReport r) {
        StringBuilder out = new StringBuilder();
        out.append("Cluster:    ").append(r.cluster().clusterId()).append('\n');
        out.append("Controller: ").append(r.controllerId() < 0 ? "none" : String.valueOf(r.controllerId())).append('\n');
        Table nodes = new Table("id", "address", "rack", "controller");
        for (Node n : r.nodes()) {
            nodes.row(n.id(), n.address(), n.rack(), n.id() == r.controllerId() ? "yes" : "no");
        }
        out.append("\nNODES\n").append(nodes.render());
        Table partitions = new Table("topic", "internal", "partition", "leader", "epoch", "replicas", "isr", "state");
        for (PartitionStatus p : r.partitions()) {
            PartitionInfo i = p.info();
            partitions.row(p.topic(), p.internal(), i.partition(), leader(i), i.leaderEpoch(), ids(i.replicas()),
                    ids(i.isr()), p.state().label());
        }
        out.append("\nPARTITIONS\n").append(partitions.render());
        out.append('\n').append(summary(r)).append('\n');
        return out.toString();
    }

    /**
     * {@code {"clusterId", "controller", "nodes": [{"id", "host", "port", "rack", "controller"}],
     * "partitions": [{"topic", "internal", "partition", "leader", "leaderEpoch", "replicas", "isr",
     * "state"}], "summary": {"partitions", "underReplicated", "offline", "reassigning"}}}.
     */
    static ObjectNode describeJson(ClusterReport r) {
        ObjectNode root = Json.object();
        root.put("clusterId", r.cluster().clusterId());
        root.put("controller", r.controllerId());
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : r.nodes()) {
            nodes.addObject().put("id", n.id()).put("host", n.host()).put("port", n.port()).put("rack", n.rack())
                    .put("controller", n.id() == r.controllerId());
        }
        ArrayNode partitions = root.putArray("partitions");
        r.partitions().forEach(p -> partitions.add(partitionJson(p)));
        putCounts(root.putObject("summary"), r);
        return root;
    }

    /** One line per problem (offline first), then the verdict line. */
    static String healthText(ClusterReport r) {
        StringBuilder out = new StringBuilder();
        for (PartitionStatus p : r.problems()) {
            out.append(problemLine(p)).append('\n');
        }
        out.append(verdict(r)).append('\n');
        return out.toString();
    }

    /**
     * With the metadata quorum on: the partition problems, the quorum line, then the verdict, which
     * says first why the pointed node is not part of a quorum if it is not. Without it, as {@link #healthText(ClusterReport)}.
     */
    static String healthText(ClusterReport r, QuorumHealth q) {
        if (!q.enabled()) {
            return healthText(r);
        }
        StringBuilder out = new StringBuilder();
        for (PartitionStatus p : r.problems()) {
            out.append(problemLine(p)).append('\n');
        }
        out.append(q.line()).append('\n');
        out.append(q.healthy() ? verdict(r) : NOT_HEALTHY + ": " + q.problem()).append('\n');
        return out.toString();
    }

    /** As {@link #healthJson(ClusterReport)}, with a {@code "quorum"} object when the quorum is on; healthy needs both. */
    static ObjectNode healthJson(ClusterReport r, QuorumHealth q) {
        ObjectNode root = healthJson(r);
        if (!q.enabled()) {
            return root;
        }
        root.put("healthy", r.healthy() && q.healthy());
        ObjectNode quorum = root.putObject("quorum");
        quorumJson(quorum, q.pointed());
        quorum.put("healthy", q.healthy()).put("problem", q.problem());
        ArrayNode nodes = quorum.putArray("nodes");
        for (QuorumHealth.NodeAnswer n : q.nodes()) {
            ObjectNode o = nodes.addObject();
            if (n.quorum() == null) {
                o.put("node", n.nodeId()).put("error", n.error());
            } else {
                quorumJson(o, n.quorum());
            }
        }
        return root;
    }

    private static void quorumJson(ObjectNode o, io.spate.client.QuorumDescription d) {
        o.put("node", d.nodeId()).put("leader", d.leaderId()).put("leaderEpoch", d.leaderEpoch());
        d.voters().forEach(o.putArray("voters")::add);
        d.learners().forEach(o.putArray("learners")::add);
        o.put("leaseHeld", d.leaseHeld()).put("lastContactAgeMs", d.lastContactAgeMs())
                .put("metadataEpoch", d.metadataEpoch());
    }

    /**
     * {@code {"healthy", "nodes", "partitions", "underReplicated", "offline", "reassigning", "problems": [partition as in
     * describe]}}.
     */
    static ObjectNode healthJson(ClusterReport r) {
        ObjectNode root = Json.object();
        root.put("healthy", r.healthy());
        root.put("nodes", r.nodes().size());
        putCounts(root, r);
        ArrayNode problems = root.putArray("problems");
        r.problems().forEach(p -> problems.add(partitionJson(p)));
        return root;
    }

    /** {@code OFFLINE t-0: no leader (replicas 1,2,3, isr -)} or {@code UNDER-REPLICATED t-1: isr 1,2 of replicas 1,2,3 (leader 1)}. */
    static String problemLine(PartitionStatus p) {
        PartitionInfo i = p.info();
        String head = p.state().label() + " " + p.name() + (p.internal() ? " (internal)" : "") + ": ";
        if (p.state() == PartitionHealth.OFFLINE) {
            return head + "no leader (replicas " + ids(i.replicas()) + ", isr " + ids(i.isr()) + ")";
        }
        return head + "isr " + ids(i.isr()) + " of replicas " + ids(i.replicas()) + " (leader " + i.leader() + ")";
    }

    /** {@code HEALTHY: …} or {@code NOT HEALTHY: …}, with the node and partition counts. */
    static String verdict(ClusterReport r) {
        String counts = r.nodes().size() + " node(s), " + r.partitions().size() + " partition(s)";
        if (r.healthy()) {
            return HEALTHY + ": " + counts + ", every one with a leader and a full ISR";
        }
        return NOT_HEALTHY + ": " + counts + ", " + r.count(PartitionHealth.OFFLINE) + " offline, "
                + r.count(PartitionHealth.UNDER_REPLICATED) + " under-replicated";
    }

    /** {@code Summary: N partitions, N under-replicated, N offline}. */
    static String summary(ClusterReport r) {
        return "Summary: " + r.partitions().size() + " partitions, " + r.count(PartitionHealth.UNDER_REPLICATED)
                + " under-replicated, " + r.count(PartitionHealth.OFFLINE) + " offline, "
                + r.count(PartitionHealth.REASSIGNING) + " reassigning";
    }

    private static ObjectNode partitionJson(PartitionStatus p) {
        PartitionInfo i = p.info();
        ObjectNode n = Json.object().put("topic", p.topic()).put("internal", p.internal()).put("partition", i.partition())
                .put("leader", i.leader()).put("leaderEpoch", i.leaderEpoch());
        i.replicas().forEach(n.putArray("replicas")::add);
        i.isr().forEach(n.putArray("isr")::add);
        return n.put("state", p.state().label());
    }

    private static void putCounts(ObjectNode node, ClusterReport r) {
        node.put("partitions", r.partitions().size()).put("underReplicated", r.count(PartitionHealth.UNDER_REPLICATED))
                .put("offline", r.count(PartitionHealth.OFFLINE)).put("reassigning", r.count(PartitionHealth.REASSIGNING));
    }

    private static Object leader(PartitionInfo i) {
        return i.leader() < 0 ? "none" : i.leader();
    }

    private static String ids(List<Integer> ids) {
        return ids.isEmpty() ? "-" : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
