package io.spate.broker.core;

import java.util.List;

/**
 * One node's view of the metadata quorum, as DescribeQuorum answers it: protocol-free.
 *
 * @param nodeId           the node that answers
 * @param enabled          whether the node is clustered (and so follows a metadata quorum)
 * @param leaderId         the Raft leader (the controller) it knows, -1 when none
 * @param leaderEpoch      its Raft term, -1 without the quorum
 * @param voters           the committed voting members, sorted
 * @param leaseHeld        whether it heard its quorum within the lease (it is part of a working quorum)
 * @param lastContactAgeMs ms since it last heard its quorum, -1 when never (or without the quorum)
 * @param metadataEpoch    the epoch of the metadata image the node has applied (it never goes back)
 * @param learners         the committed members that do not vote, sorted
 * @param followers        only when the node is the Raft leader: every other member (voter or learner) as
 *                         it replicates, by node id; empty on any other node
 */
public record QuorumDescription(int nodeId, boolean enabled, int leaderId, int leaderEpoch, List<Integer> voters,
                                boolean leaseHeld, long lastContactAgeMs, long metadataEpoch, List<Integer> learners,
                                List<Follower> followers) {
    public QuorumDescription {
        voters = voters.stream().sorted().toList();
        learners = learners.stream().sorted().toList();
        followers = followers.stream().sorted(java.util.Comparator.comparingInt(Follower::nodeId)).toList();
    }

    /**
     * One other member as the leader sees it.
     *
     * @param nodeId           the member
     * @param lastContactAgeMs ms since it last answered the leader's append-entries, -1 when never
     * @param lag              how many log entries it is behind the leader's log
     */
    public record Follower(int nodeId, long lastContactAgeMs, long lag) {
    }

    /**
     * The answer of a node without the quorum (a single node, or metadata held by Hazelcast), whose
     * metadata image has {@code metadataEpoch} (-1: a single node, which has none).
     */
    public static QuorumDescription disabled(int nodeId, long metadataEpoch) {
        return new QuorumDescription(nodeId, false, -1, -1, List.of(), false, -1, metadataEpoch, List.of(), List.of());
    }
}
