package io.spate.cluster.raft;

import io.microraft.RaftRole;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What one voter knows of the metadata quorum at one moment, from its Raft node's report: for
 * {@code cluster health} and for fencing a partition leader that lost the quorum.
 *
 * @param self            this voter
 * @param role            its Raft role
 * @param term            its Raft term
 * @param leader          the leader it knows in that term, if any
 * @param voters          the committed voting members
 * @param learners        the committed members that do not vote (MicroRaft's learners)
 * @param memberContactMs on the leader only: when each other member last answered its append-entries, on
 *                        the Raft node's clock (empty on other nodes)
 * @param memberLag       on the leader only: how many log entries each other member is behind its log
 * @param lastQuorumContactMs when this node last heard its quorum, on the Raft node's clock: as the leader,
 *                        the time by which a majority had answered its append-entries; otherwise the last
 *                        append-entries (heartbeat) received from a leader; empty if never
 * @param atMs            when the report was taken, on the same clock
 * @param lease           how recent that contact must be for {@link #leaseHeld()}
 */
public record QuorumStatus(SpateEndpoint self, RaftRole role, int term, Optional<SpateEndpoint> leader,
                           Set<SpateEndpoint> voters, Set<SpateEndpoint> learners, Map<SpateEndpoint, Long> memberContactMs,
                           Map<SpateEndpoint, Long> memberLag, OptionalLong lastQuorumContactMs, long atMs,
                           Duration lease) {
    public QuorumStatus {
        voters = Set.copyOf(voters);
        learners = Set.copyOf(learners);
        memberContactMs = Map.copyOf(memberContactMs);
        memberLag = Map.copyOf(memberLag);
    }

    /**
     * True if this node heard from a leader (or, as the leader, from a majority) within the lease: it
     * is part of a working quorum. False on a node cut off from the majority once the lease passed.
     */
    public boolean leaseHeld() {
        return lastQuorumContactMs.isPresent() && atMs - lastQuorumContactMs.getAsLong() < lease.toMillis();
    }

    /** True if this node is the leader (the controller). */
    public boolean isLeader() {
        return role == RaftRole.LEADER;
    }
}
