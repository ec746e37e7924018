package io.spate.broker.core;

import io.spate.cluster.NodeRecord;
import io.spate.cluster.TopicState;
import io.spate.common.TopicId;
import io.vertx.core.Future;
import java.util.List;

/**
 * Which topics exist, which nodes serve, and who leads each partition: what Metadata and
 * FindCoordinator answer. A single node is the only replica and leader of everything it has
 * (a {@code LocalTopicDirectory}); a clustered node reads the cluster's metadata image.
 * Safe to call from any thread.
 */
public interface TopicDirectory {
    /** The id Metadata answers name the cluster by. */
    String clusterId();

    /** The live nodes clients may connect to. */
    List<NodeRecord> liveNodes();

    /** The controller's node id, or -1 when none is known. */
    int controllerId();

    /** Every topic's name, sorted. */
    List<String> topicNames();

    /** The topic's id, configs and partition states, or null when it does not exist. */
    TopicState topic(String name);

    /** Every partition of every topic, topics in name order. */
    default List<io.spate.protocol.TopicPartition> partitions() {
        List<io.spate.protocol.TopicPartition> all = new java.util.ArrayList<>();
        for (String name : topicNames()) {
            TopicState t = topic(name);
            for (int p = 0; t != null && p < t.partitions().size(); p++) {
                all.add(new io.spate.protocol.TopicPartition(name, p));
            }
        }
        return all;
    }

    /**
     * The id of topic {@code name} (KIP-516), or null when the topic does not exist or its id is not
     * known yet (a topic of metadata written before topic ids, until one is committed for it; Kafka
     * answers such a topic with {@code Uuid.ZERO_UUID}). Internal topics have ids too.
     */
    default TopicId topicId(String name) {
        TopicState t = topic(name);
        return t == null ? null : t.topicId();
    }

    /**
     * The name of the topic whose id is {@code id}, or null when no topic has it (deleted, or never).
     * This default looks at every topic; both directories answer from an index instead.
     */
    default String topicNameById(TopicId id) {
        if (id == null) {
            return null;
        }
        for (String name : topicNames()) {
            if (id.equals(topicId(name))) {
                return name;
            }
        }
        return null;
    }

    /** This node's view of the metadata quorum (DescribeQuorum); {@link QuorumDescription#disabled} without it. */
    Future<QuorumDescription> describeQuorum();

    /**
     * Adds ({@code add}) or removes voter {@code nodeId} of the metadata quorum, answered once committed;
     * fails with a {@code SpateException} naming the error (see docs/protocol.md, AddRaftVoter).
     */
    default Future<Void> changeVoter(int nodeId, boolean add) {
        return Future.failedFuture(new io.spate.protocol.SpateException(io.spate.protocol.ErrorCode.INVALID_REQUEST,
                "this node is not clustered: it has no metadata quorum"));
    }

    /**
     * Whether this node may name partition leaders (and a coordinator) from its image now. False on a
     * node fenced from the metadata quorum (it lost its lease: the majority may have elected other
     * leaders since its image), which then answers Metadata with no leader (LEADER_NOT_AVAILABLE, leader
     * -1) and FindCoordinator with COORDINATOR_NOT_AVAILABLE, so clients retry or ask another node
     * rather than come back to a leader it cannot vouch for.
     */
    default boolean vouchesForLeaders() {
        return true;
    }

    /** Those of {@code partitions} that do not exist: no such topic, or a partition number out of its range. */
    default java.util.Set<io.spate.protocol.TopicPartition> missing(java.util.Collection<io.spate.protocol.TopicPartition> partitions) {
        java.util.Set<io.spate.protocol.TopicPartition> missing = new java.util.HashSet<>();
        for (io.spate.protocol.TopicPartition tp : partitions) {
            TopicState state = topic(tp.topic());
            if (state == null || tp.partition() < 0 || tp.partition() >= state.partitions().size()) {
                missing.add(tp);
            }
        }
        return missing;
    }

    /** A live node by id, or null. */
    default NodeRecord liveNode(int nodeId) {
        for (NodeRecord n : liveNodes()) {
            if (n.nodeId() == nodeId) {
                return n;
            }
        }
        return null;
    }
}
