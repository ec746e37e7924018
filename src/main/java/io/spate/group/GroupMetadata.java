package io.spate.group;

import io.spate.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One consumer group: its {@link GroupState}, generation, chosen protocol, leader, members (in join
 * order), static members (group.instance.id to member id), members that were given an id and must
 * join again with it (KIP-394 pending members), the members the coordinator still waits a SyncGroup
 * from, the pending join phase and the offsets.
 *
 * <p>Invariants: the leader is a member or null when there are none; every static member appears in
 * {@link #staticMemberId}; a Stable or CompletingRebalance group has a protocol.
 *
 * <p>Mutable; only on the coordinator's context.
 */
final class GroupMetadata {
    private final String groupId;
    private final int partition;
    private final StoredOffsets offsets = new StoredOffsets();
    private final Map<String, MemberMetadata> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<String, GroupTimer.Timeout> pendingMembers = new HashMap<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    private GroupState state = GroupState.EMPTY;
    private long stateTimestamp;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    private DelayedJoin delayedJoin;
    private GroupTimer.Timeout syncTimer;

    GroupMetadata(String groupId, int partition, long nowMs) {
        this.groupId = groupId;
        this.partition = partition;
        this.stateTimestamp = nowMs;
    }

    String groupId() {
        return groupId;
    }

    int partition() {
        return partition;
    }

    StoredOffsets offsets() {
        return offsets;
    }

    GroupState state() {
        return state;
    }

    boolean is(GroupState s) {
        return state == s;
    }

    /** When the group entered its current state (for an Empty group: since when it has no members). */
    long stateTimestamp() {
        return stateTimestamp;
    }

    /** @throws IllegalStateException if {@code target} may not follow the current state */
    void transitionTo(GroupState target, long nowMs) {
        if (!target.validPrevious().contains(state)) {
            throw new IllegalStateException("group " + groupId + " cannot move from " + state.displayName()
                    + " to " + target.displayName());
        }
        state = target;
        stateTimestamp = nowMs;
    }

    /** Restores what a group metadata record says (loading only; the group is new and Empty). */
    void restore(GroupRecord record, List<MemberMetadata> loaded) {
        generationId = record.generation();
        protocolType = record.protocolType().isEmpty() ? null : record.protocolType();
        protocolName = record.protocol();
        stateTimestamp = record.currentStateTimestamp();
        for (MemberMetadata m : loaded) {
            add(m);
        }
        if (record.leader() != null && members.containsKey(record.leader())) {
            leaderId = record.leader();
        }
        // A loaded generation with members was Stable when written; Empty otherwise (as Kafka's loadGroup).
        state = loaded.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
    }

    int generationId() {
        return generationId;
    }

    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    boolean has(String memberId) {
        return members.containsKey(memberId);
    }

    MemberMetadata get(String memberId) {
        return members.get(memberId);
    }

    Collection<MemberMetadata> members() {
        return List.copyOf(members.values());
    }

    int size() {
        return members.size();
    }

    boolean hasMembers() {
        return !members.isEmpty();
    }

    /** The member id of the static member {@code instanceId}, or null. */
    String staticMemberId(String instanceId) {
        return instanceId == null ? null : staticMembers.get(instanceId);
    }

    /**
     * Kafka's validateCurrentMember: a static member must be the current incarnation of its
     * instance id (else FENCED_INSTANCE_ID, or UNKNOWN_MEMBER_ID for an unknown instance id); a
     * dynamic member must be known.
     */
    ErrorCode validateMember(String memberId, String instanceId) {
        if (instanceId != null) {
            String current = staticMembers.get(instanceId);
            if (current == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            return current.equals(memberId) ? ErrorCode.NONE
                    : ErrorCode.FENCED_INSTANCE_ID;
        }
        return members.containsKey(memberId) ? ErrorCode.NONE
                : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    void add(MemberMetadata m) {
        if (members.isEmpty()) {
            protocolType = m.protocolType();
        }
        members.put(m.memberId(), m);
        if (m.isStatic()) {
            staticMembers.put(m.groupInstanceId(), m.memberId());
        }
        if (leaderId == null) {
            leaderId = m.memberId();
        }
    }

    /** Removes a member; a removed leader is succeeded by the first remaining member. */
    void remove(String memberId) {
        MemberMetadata m = members.remove(memberId);
        if (m != null && m.isStatic() && memberId.equals(staticMembers.get(m.groupInstanceId()))) {
            staticMembers.remove(m.groupInstanceId());
        }
        pendingSyncMembers.remove(memberId);
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** Gives the static member {@code oldMemberId} the id {@code newMemberId}, keeping its place and assignment. */
    MemberMetadata replaceStaticMember(String oldMemberId, String newMemberId) {
        Map<String, MemberMetadata> copy = new LinkedHashMap<>(members);
        members.clear();
        MemberMetadata replaced = null;
        for (Map.Entry<String, MemberMetadata> e : copy.entrySet()) {
            if (e.getKey().equals(oldMemberId)) {
                replaced = e.getValue();
                replaced.memberId(newMemberId);
                members.put(newMemberId, replaced);
            } else {
                members.put(e.getKey(), e.getValue());
            }
        }
        if (replaced == null) {
            throw new IllegalStateException("no member " + oldMemberId + " in group " + groupId);
        }
        staticMembers.put(replaced.groupInstanceId(), newMemberId);
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        return replaced;
    }

    boolean isPendingMember(String memberId) {
        return pendingMembers.containsKey(memberId);
    }

    int pendingMemberCount() {
        return pendingMembers.size();
    }

    void addPendingMember(String memberId, GroupTimer.Timeout expiry) {
        pendingMembers.put(memberId, expiry);
    }

    /** Forgets a pending member and cancels its expiry; false if it was not pending. */
    boolean removePendingMember(String memberId) {
        GroupTimer.Timeout t = pendingMembers.remove(memberId);
        if (t != null) {
            t.cancel();
        }
        return t != null;
    }

    int awaitingJoinCount() {
        return (int) members.values().stream().filter(MemberMetadata::isAwaitingJoin).count();
    }

    /** Every known member has sent its JoinGroup and no member still has to come back with its new id. */
    boolean hasAllMembersJoined() {
        return awaitingJoinCount() == members.size() && pendingMembers.isEmpty();
    }

    /** The largest rebalance timeout of the members: how long a join phase may last. */
    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(MemberMetadata::rebalanceTimeoutMs).max().orElse(0);
    }

    /** Kafka's supportsProtocols: see {@link ProtocolSelection#supports}. */
    boolean supportsProtocols(String memberProtocolType, List<Protocol> memberProtocols) {
        return ProtocolSelection.supports(is(GroupState.EMPTY), protocolType, members.values(), memberProtocolType,
                memberProtocols);
    }

    String selectProtocol() {
        if (members.isEmpty()) {
            throw new IllegalStateException("cannot select a protocol for group " + groupId + " without members");
        }
        return ProtocolSelection.select(members.values());
    }

    /**
     * Keeps the leader if it rejoined, else makes the first rejoined member the leader.
     * False if no member rejoined (then the leader is unchanged).
     */
    boolean electJoinedLeader() {
        if (leaderId == null) {
            return false;
        }
        if (members.get(leaderId).isAwaitingJoin()) {
            return true;
        }
        for (MemberMetadata m : members.values()) {
            if (m.isAwaitingJoin()) {
                leaderId = m.memberId();
                return true;
            }
        }
        return false;
    }

    /** Starts the next generation: CompletingRebalance with a protocol, or Empty without members. */
    void initNextGeneration(long nowMs) {
        generationId++;
        if (members.isEmpty()) {
            protocolName = null;
            transitionTo(GroupState.EMPTY, nowMs);
        } else {
            protocolName = selectProtocol();
            transitionTo(GroupState.COMPLETING_REBALANCE, nowMs);
        }
        pendingSyncMembers.clear();
    }

    /** The members with their metadata for the chosen protocol: the leader's JoinGroup answer. */
    List<JoinedMember> joinedMembers() {
        List<JoinedMember> list = new ArrayList<>(members.size());
        for (MemberMetadata m : members.values()) {
            list.add(new JoinedMember(m.memberId(), m.groupInstanceId(), m.metadata(protocolName)));
        }
        return list;
    }

    Set<String> pendingSyncMembers() {
        return pendingSyncMembers;
    }

    DelayedJoin delayedJoin() {
        return delayedJoin;
    }

    void delayedJoin(DelayedJoin join) {
        delayedJoin = join;
    }

    GroupTimer.Timeout syncTimer() {
        return syncTimer;
    }

    void syncTimer(GroupTimer.Timeout timer) {
        syncTimer = timer;
    }

    /** Cancels every timer of the group and its members (unload, deletion, close). */
    void cancelTimers() {
        if (delayedJoin != null) {
            delayedJoin.cancel();
            delayedJoin = null;
        }
        if (syncTimer != null) {
            syncTimer.cancel();
            syncTimer = null;
        }
        pendingMembers.values().forEach(GroupTimer.Timeout::cancel);
        pendingMembers.clear();
        members.values().forEach(MemberMetadata::cancelSessionTimer);
    }

    @Override
    public String toString() {
        return "Group[" + groupId + ", " + state.displayName() + ", generation " + generationId + ", "
                + members.size() + " members]";
    }
}
