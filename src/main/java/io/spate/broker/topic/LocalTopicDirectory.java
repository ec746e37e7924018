package io.spate.broker.topic;

import io.spate.broker.core.QuorumDescription;
import io.spate.broker.core.Topic;
import io.spate.broker.core.TopicDirectory;
import io.spate.broker.core.TopicManager;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.common.TopicId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** A single node's directory: it is the only node, the controller, and every partition's sole replica. */
public final class LocalTopicDirectory implements TopicDirectory {
    /** The id a single node's Metadata answers give. */
    public static final String CLUSTER_ID = "spate-single-node";

    private final TopicManager topics;
    private final int nodeId;
    private final String advertisedHost;
    private final IntSupplier listenerPort;

    /** @param listenerPort the port clients reach this node on (known once the listener is bound) */
    public LocalTopicDirectory(TopicManager topics, int nodeId, String advertisedHost, IntSupplier listenerPort) {
        this.topics = topics;
        this.nodeId = nodeId;
        this.advertisedHost = advertisedHost;
        this.listenerPort = listenerPort;
    }

    @Override
    public String clusterId() {
        return CLUSTER_ID;
    }

    @Override
    public List<NodeRecord> liveNodes() {
        return List.of(new NodeRecord(nodeId, "", advertisedHost, listenerPort.getAsInt(), null, null));
    }

    @Override
    public int controllerId() {
        return nodeId;
    }

    @Override
    public Future<QuorumDescription> describeQuorum() {
        return Future.succeededFuture(QuorumDescription.disabled(nodeId, -1));
    }

    @Override
    public List<String> topicNames() {
        return topics.topics().stream().map(Topic::name).sorted().toList();
    }

    @Override
    public TopicId topicId(String name) {
        // straight from the topic: topic(name) would build every partition's state (Produce and Fetch ask per answer)
        Topic t = topics.topic(name);
        return t == null ? null : t.metadata().topicId();
    }

    @Override
    public String topicNameById(TopicId id) {
        return topics.topicNameById(id);
    }

    @Override
    public TopicState topic(String name) {
        Topic t = topics.topic(name);
        if (t == null) {
            return null;
        }
        List<Integer> self = List.of(nodeId);
        List<PartitionState> ps = new ArrayList<>(t.partitions().size());
        for (int p = 0; p < t.partitions().size(); p++) {
            ps.add(new PartitionState(self, nodeId, 0, self));
        }
        return new TopicState(name, t.metadata().topicId(), t.metadata().configs(), ps);
    }
}
