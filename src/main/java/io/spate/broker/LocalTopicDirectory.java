package io.spate.broker;

import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/** A single node's directory: it is the only node, the controller, and every partition's sole replica. */
final class LocalTopicDirectory implements TopicDirectory {
    private final TopicManager topics;
    private final BrokerConfig config;
    private final IntSupplier listenerPort;

    LocalTopicDirectory(TopicManager topics, BrokerConfig config, IntSupplier listenerPort) {
        this.topics = topics;
        this.config = config;
        this.listenerPort = listenerPort;
    }

    @Override
    public List<NodeRecord> liveNodes() {
        return List.of(new NodeRecord(config.nodeId(), "", config.advertisedHost(), listenerPort.getAsInt(), null));
    }

    @Override
    public int controllerId() {
        return config.nodeId();
    }

    @Override
    public List<String> topicNames() {
        return topics.topics().stream().map(Topic::name).sorted().toList();
    }

    @Override
    public TopicState topic(String name) {
        Topic t = topics.topic(name);
        if (t == null) {
            return null;
        }
        List<Integer> self = List.of(config.nodeId());
        List<PartitionState> ps = new ArrayList<>(t.partitions().size());
        for (int p = 0; p < t.partitions().size(); p++) {
            ps.add(new PartitionState(self, config.nodeId(), 0, self));
        }
        return new TopicState(name, t.metadata().configs(), ps);
    }
}
