package io.spate.client.internal.network;

import io.spate.client.Node;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's cache of cluster metadata: nodes, controller, and per topic its partitions with
 * their leader and leader epoch (internal). Filled from Metadata responses; a response replaces the
 * entries of the topics it carries and keeps the others. A topic answered with an error is recorded
 * with that error and no partitions.
 *
 * <p>Threading: confined to the owning {@link NetworkClient}'s context.
 */
public final class Metadata {
    public static final int NO_NODE = -1;

    /** One partition's leader (-1 when none) and the epoch of that leadership. */
    record PartitionState(int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {
    }

    /** One topic: its error (NONE when usable) and its partitions by index. */
    public record TopicState(ErrorCode error, boolean internal, List<PartitionState> partitions) {
        public int partitionCount() {
            return partitions.size();
        }

        /** Partitions with a leader, for sticky partitioning. */
        public List<Integer> availablePartitions() {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < partitions.size(); i++) {
                if (partitions.get(i).leaderId() != NO_NODE) {
                    out.add(i);
                }
            }
            return out;
        }
    }

    private final Map<Integer, Node> nodes = new HashMap<>();
    /** Nodes learnt outside Metadata responses (group coordinators), kept across refreshes. */
    private final Map<Integer, Node> learnt = new HashMap<>();
    private final Map<String, TopicState> topics = new HashMap<>();
    private String clusterId;
    private int controllerId = NO_NODE;
    private long lastUpdateMs = -1;

    public void update(MetadataResponse response, boolean allTopics, long nowMs) {
        nodes.clear();
        for (MetadataResponse.Broker b : response.brokers()) {
            nodes.put(b.nodeId(), new Node(b.nodeId(), b.host(), b.port(), b.rack()));
        }
        clusterId = response.clusterId();
        controllerId = response.controllerId();
        if (allTopics) {
            topics.clear();
        }
        for (MetadataResponse.TopicMetadata t : response.topics()) {
            topics.put(t.name(), toState(t));
        }
        lastUpdateMs = nowMs;
    }

    private static TopicState toState(MetadataResponse.TopicMetadata t) {
        if (t.error() != ErrorCode.NONE) {
            return new TopicState(t.error(), t.isInternal(), List.of());
        }
        int count = 0;
        for (MetadataResponse.PartitionMetadata p : t.partitions()) {
            count = Math.max(count, p.partition() + 1);
        }
        PartitionState[] parts = new PartitionState[count];
        for (MetadataResponse.PartitionMetadata p : t.partitions()) {
            int leader = p.error() == ErrorCode.NONE ? p.leaderId() : NO_NODE;
            parts[p.partition()] = new PartitionState(leader, p.leaderEpoch(), p.replicas(), p.isr());
        }
        for (int i = 0; i < count; i++) {
            if (parts[i] == null) {
                parts[i] = new PartitionState(NO_NODE, -1, List.of(), List.of());
            }
        }
        return new TopicState(ErrorCode.NONE, t.isInternal(), List.of(parts));
    }

    /** Forgets a partition's leader after an error that says it moved, until the next update. */
    public void invalidateLeader(TopicPartition tp) {
        TopicState t = topics.get(tp.topic());
        if (t != null && tp.partition() < t.partitionCount()) {
            List<PartitionState> parts = new ArrayList<>(t.partitions());
            PartitionState old = parts.get(tp.partition());
            parts.set(tp.partition(), new PartitionState(NO_NODE, old.leaderEpoch(), old.replicas(), old.isr()));
            topics.put(tp.topic(), new TopicState(t.error(), t.internal(), List.copyOf(parts)));
        }
    }

    public TopicState topic(String name) {
        return topics.get(name);
    }

    boolean hasAll(Collection<String> names) {
        return topics.keySet().containsAll(names);
    }

    public Map<String, TopicState> topics() {
        return topics;
    }

    /** The leader of {@code tp}, or {@link #NO_NODE} when unknown. */
    public int leader(TopicPartition tp) {
        TopicState t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitionCount()) {
            return NO_NODE;
        }
        int leader = t.partitions().get(tp.partition()).leaderId();
        return nodes.containsKey(leader) ? leader : NO_NODE;
    }

    /** The leader epoch of {@code tp}, or -1 when unknown. */
    public int leaderEpoch(TopicPartition tp) {
        TopicState t = topics.get(tp.topic());
        if (t == null || tp.partition() >= t.partitionCount()) {
            return -1;
        }
        return t.partitions().get(tp.partition()).leaderEpoch();
    }

    Node node(int id) {
        Node n = nodes.get(id);
        return n != null ? n : learnt.get(id);
    }

    /**
     * Remembers a node named by another answer (FindCoordinator), so a connection to it can be
     * opened before the next metadata refresh lists it. A metadata entry of the same id wins.
     */
    void learnNode(Node node) {
        learnt.put(node.id(), node);
    }

    Collection<Node> nodes() {
        return nodes.values();
    }

    String clusterId() {
        return clusterId;
    }

    public int controllerId() {
        return controllerId;
    }

    boolean isStale(long nowMs, long maxAgeMs) {
        return lastUpdateMs < 0 || nowMs - lastUpdateMs >= maxAgeMs;
    }
}
