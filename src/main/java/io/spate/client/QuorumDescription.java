package io.spate.client;

import java.util.List;

/**
 * One node's view of the metadata quorum, from its DescribeQuorum answer (docs/protocol.md).
 *
 * @param nodeId           the node that answered
 * @param enabled          whether it is clustered (and so follows a metadata quorum); false for a
 *                         single node, and then the other fields say nothing
 * @param leaderId         the Raft leader (the controller) it knows, -1 when none
 * @param leaderEpoch      its Raft term, -1 without the quorum
 * @param voters           the voting members
 * @param leaseHeld        whether it heard its quorum within the lease: false on a node cut off from the majority
 * @param lastContactAgeMs ms since it last heard its quorum, -1 when never
 * @param metadataEpoch    the epoch of the metadata image the node has applied (it never goes back)
 * @param learners         the members that follow the metadata log without voting
 * @param followers        only when the node that answered is the Raft leader: every other member (voter or
 *                         learner) as it replicates; empty otherwise
 */
public record QuorumDescription(int nodeId, boolean enabled, int leaderId, int leaderEpoch, List<Integer> voters,
                                boolean leaseHeld, long lastContactAgeMs, long metadataEpoch, List<Integer> learners,
                                List<Follower> followers) {
    public QuorumDescription {
        voters = List.copyOf(voters);
        learners = List.copyOf(learners);
        followers = List.copyOf(followers);
    }

    /**
     * One other member as the leader sees it.
     *
     * @param nodeId           the member
     * @param lastContactAgeMs ms since it last answered the leader's append-entries, -1 when never
     * @param lag              how many metadata log entries it is behind the leader
     */
    public record Follower(int nodeId, long lastContactAgeMs, long lag) {
    }

    /** The leader's view of member {@code nodeId}, if this answer came from the leader and names it. */
    public java.util.Optional<Follower> follower(int nodeId) {
        return followers.stream().filter(f -> f.nodeId() == nodeId).findFirst();
    }

    /** What a node without the quorum answers. */
    public static QuorumDescription disabledAt(int nodeId) {
        return new QuorumDescription(nodeId, false, -1, -1, List.of(), false, -1, -1, List.of(), List.of());
    }
}
