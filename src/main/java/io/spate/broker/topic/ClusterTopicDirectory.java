package io.spate.broker.topic;

import io.spate.broker.core.TopicDirectory;
import io.spate.cluster.ClusterMembership;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.TopicState;
import java.util.ArrayList;
import java.util.List;

/** A clustered node's directory: the live nodes that serve, and the cluster's metadata image. */
public final class ClusterTopicDirectory implements TopicDirectory {
    private final ClusterMembership membership;
    private final ClusterMetadata metadata;
    private final String clusterId;

    /** @param clusterId the cluster's name ({@code cluster.name}) */
    public ClusterTopicDirectory(ClusterMembership membership, ClusterMetadata metadata, String clusterId) {
        this.membership = membership;
        this.metadata = metadata;
        this.clusterId = clusterId;
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public List<NodeRecord> liveNodes() {
        // a node that has not advertised its listener yet cannot take clients
        return membership.liveNodes().stream().filter(n -> n.port() > 0).toList();
    }

    @Override
    public int controllerId() {
        return membership.controllerId().orElse(-1);
    }

    @Override
    public List<String> topicNames() {
        return new ArrayList<>(metadata.current().topics().keySet());
    }

    @Override
    public TopicState topic(String name) {
        return metadata.current().topic(name);
    }
}
