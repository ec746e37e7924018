package io.spate.cluster.raft;

import io.microraft.RaftEndpoint;
import io.microraft.RaftRole;
import io.microraft.report.RaftGroupMembers;
import io.microraft.report.RaftNodeReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
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

    /** {@code self}'s view as of {@code report}, a report of its Raft node taken at {@code atMs} (Raft node's clock). */
    static QuorumStatus of(SpateEndpoint self, RaftNodeReport report, long atMs, Duration lease) {
        Optional<Long> contact = report.getQuorumHeartbeatTimestamp().or(report::getLeaderHeartbeatTimestamp);
        return new QuorumStatus(self, report.getRole(), report.getTerm().getTerm(),
                Optional.ofNullable((SpateEndpoint) report.getTerm().getLeaderEndpoint()), voters(report.getCommittedMembers()),
                learners(report.getCommittedMembers()), memberContacts(report), memberLags(report),
                contact.map(OptionalLong::of).orElse(OptionalLong.empty()), atMs, lease);
    }

    /** The voting members of {@code members}. */
    static Set<SpateEndpoint> voters(RaftGroupMembers members) {
        Set<SpateEndpoint> out = new HashSet<>();
        for (RaftEndpoint e : members.getVotingMembers()) {
            out.add((SpateEndpoint) e);
        }
        return out;
    }

    /** The members of {@code members} that do not vote (MicroRaft's learners). */
    static Set<SpateEndpoint> learners(RaftGroupMembers members) {
        Set<SpateEndpoint> out = new HashSet<>();
        for (RaftEndpoint e : members.getMembers()) {
            if (!members.getVotingMembers().contains(e)) {
                out.add((SpateEndpoint) e);
            }
        }
        return out;
    }

    /** On the leader, when each member last answered its append-entries (MicroRaft's heartbeat timestamps). */
    private static Map<SpateEndpoint, Long> memberContacts(RaftNodeReport r) {
        Map<SpateEndpoint, Long> out = new HashMap<>();
        r.getHeartbeatTimestamps().forEach((e, at) -> out.put((SpateEndpoint) e, at));
        return out;
    }

    /** On the leader, how many log entries each member's log is behind the leader's (empty elsewhere). */
    private static Map<SpateEndpoint, Long> memberLags(RaftNodeReport r) {
        Map<SpateEndpoint, Long> out = new HashMap<>();
        if (r.getRole() == RaftRole.LEADER) {
            long last = r.getLog().getLastLogOrSnapshotIndex();
            r.getLog().getFollowerMatchIndices().forEach((e, match) -> out.put((SpateEndpoint) e, Math.max(0, last - match)));
        }
        return out;
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
