package io.spate.broker.topic;

import io.spate.broker.core.QuorumDescription;
import io.spate.broker.core.TopicDirectory;
import io.spate.cluster.ClusterMembership;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.TopicState;
import io.spate.cluster.raft.MetadataQuorum;
import io.spate.cluster.raft.QuorumStatus;
import io.spate.cluster.raft.SpateEndpoint;
import io.spate.common.TopicId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A clustered node's directory: the live nodes that serve, and the cluster's metadata image. The
 * controller is the oldest Hazelcast member, or with the metadata quorum the Raft leader.
 */
public final class ClusterTopicDirectory implements TopicDirectory {
    private final ClusterMembership membership;
    private final ClusterMetadata metadata;
    private final String clusterId;
    private final MetadataQuorum quorum; // null: metadata that no quorum holds (tests' in-memory metadata)
    private volatile IdIndex idIndex = new IdIndex(MetadataImage.EMPTY);

    /** @param clusterId the cluster's name ({@code cluster.name}) */
    public ClusterTopicDirectory(ClusterMembership membership, ClusterMetadata metadata, String clusterId) {
        this.membership = membership;
        this.metadata = metadata;
        this.clusterId = clusterId;
        this.quorum = metadata instanceof MetadataQuorum q ? q : null;
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

    /**
     * The Raft leader this node knows (-1 while none, and while this node is fenced: the leader it
     * last heard of may be gone); without a quorum, the oldest Hazelcast member.
     */
    @Override
    public int controllerId() {
        if (quorum != null) {
            return quorum.fence().getAsBoolean() ? -1 : quorum.raft().leader().map(SpateEndpoint::nodeId).orElse(-1);
        }
        return membership.controllerId().orElse(-1);
    }

    /** Not while fenced from the metadata quorum (see {@link io.spate.cluster.raft.LeaseFence}). */
    @Override
    public boolean vouchesForLeaders() {
        return quorum == null || !quorum.fence().getAsBoolean();
    }

    @Override
    public Future<QuorumDescription> describeQuorum() {
        if (quorum == null) {
            return Future.succeededFuture(QuorumDescription.disabled(membership.localNodeId(), metadata.current().epoch()));
        }
        return quorum.raft().quorumStatus().map(s -> describe(s, metadata.current().epoch()));
    }

    @Override
    public Future<Void> changeVoter(int nodeId, boolean add) {
        if (quorum == null) {
            return TopicDirectory.super.changeVoter(nodeId, add);
        }
        return (add ? quorum.addVoter(nodeId) : quorum.removeVoter(nodeId)).<Void>mapEmpty().recover(err -> {
            if (!(err instanceof io.spate.cluster.raft.VoterChangeException v)) {
                return Future.failedFuture(err);
            }
            io.spate.protocol.ErrorCode code = switch (v.kind()) {
                case INVALID, PENDING -> io.spate.protocol.ErrorCode.INVALID_REQUEST;
                case NO_LEADER -> io.spate.protocol.ErrorCode.NOT_CONTROLLER;
                case TIMED_OUT -> io.spate.protocol.ErrorCode.REQUEST_TIMED_OUT;
            };
            return Future.failedFuture(new io.spate.protocol.SpateException(code, v.getMessage()));
        });
    }

    static QuorumDescription describe(QuorumStatus s, long metadataEpoch) {
        long age = s.lastQuorumContactMs().isPresent() ? Math.max(0, s.atMs() - s.lastQuorumContactMs().getAsLong()) : -1;
        return new QuorumDescription(s.self().nodeId(), true, s.leader().map(SpateEndpoint::nodeId).orElse(-1), s.term(),
                s.voters().stream().map(SpateEndpoint::nodeId).toList(), s.leaseHeld(), age, metadataEpoch,
                s.learners().stream().map(SpateEndpoint::nodeId).toList(), followers(s));
    }

    /**
     * On the leader, every other member with its contact age and lag; nothing elsewhere (a follower's
     * report has no such figures, and a stale leader's would mislead).
     */
    private static List<QuorumDescription.Follower> followers(QuorumStatus s) {
        if (!s.isLeader()) {
            return List.of();
        }
        List<QuorumDescription.Follower> out = new ArrayList<>();
        java.util.Set<SpateEndpoint> members = new java.util.HashSet<>(s.voters());
        members.addAll(s.learners());
        members.remove(s.self());
        for (SpateEndpoint m : members) {
            Long contact = s.memberContactMs().get(m);
            long age = contact == null ? -1 : Math.max(0, s.atMs() - contact);
            out.add(new QuorumDescription.Follower(m.nodeId(), age, s.memberLag().getOrDefault(m, -1L)));
        }
        return out;
    }

    @Override
    public List<String> topicNames() {
        return new ArrayList<>(metadata.current().topics().keySet());
    }

    @Override
    public TopicState topic(String name) {
        return metadata.current().topic(name);
    }

    @Override
    public String topicNameById(TopicId id) {
        if (id == null) {
            return null;
        }
        MetadataImage image = metadata.current();
        IdIndex index = idIndex;
        if (index.image != image) {
            index = new IdIndex(image);
            idIndex = index; // racing threads may each build one: both are of an image, never mixed
        }
        return index.names.get(id);
    }

    /** The names of {@code image}'s topics by id, built once per image this node reads. */
    private record IdIndex(MetadataImage image, Map<TopicId, String> names) {
        IdIndex(MetadataImage image) {
            this(image, byId(image));
        }

        private static Map<TopicId, String> byId(MetadataImage image) {
            Map<TopicId, String> m = new HashMap<>();
            image.topics().forEach((name, t) -> {
                if (t.topicId() != null) {
                    m.put(t.topicId(), name);
                }
            });
            return m;
        }
    }
}
