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
 */
public record QuorumDescription(int nodeId, boolean enabled, int leaderId, int leaderEpoch, List<Integer> voters,
                                boolean leaseHeld, long lastContactAgeMs, long metadataEpoch) {
    public QuorumDescription {
        voters = List.copyOf(voters);
    }

    /** What a node without the quorum answers. */
    public static QuorumDescription disabledAt(int nodeId) {
        return new QuorumDescription(nodeId, false, -1, -1, List.of(), false, -1, -1);
    }
}
