package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.vertx.core.Promise;

import java.util.Map;

/**
 * The rebalance machinery shared by every group request, after Kafka's classic GroupCoordinator:
 * starting a join phase, ending it (new generation, leader, protocol), handing out or resetting
 * assignments, the member session timers, the KIP-394 pending members and removing members.
 *
 * <p>Timers: a member's session timer runs from its last sign of life (heartbeat, join, sync,
 * commit) and removes it when it passes; a member waiting in a JoinGroup or SyncGroup counts as
 * alive, except a member new in this rebalance, which gets {@link #NEW_MEMBER_JOIN_TIMEOUT_MS}.
 * After a join phase the coordinator waits the rebalance timeout for every member's SyncGroup and
 * removes those that never sent one (Kafka 3.x's pending sync).
 *
 * <p>Only on the coordinator's context.
 */
final class Rebalancer {
    /** How long a member new in a rebalance may wait in its JoinGroup (Kafka's NewMemberJoinTimeoutMs). */
    static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;
    private static final System.Logger LOG = System.getLogger(Rebalancer.class.getName());

    private final GroupConfig config;
    private final GroupTimer timer;
    private final GroupStore store;

    Rebalancer(GroupConfig config, GroupTimer timer, GroupStore store) {
        this.config = config;
        this.timer = timer;
        this.store = store;
    }

    /** Adds a member that joins now (its JoinGroup waits for the join phase's end) and starts a rebalance. */
    void addMemberAndRebalance(GroupMetadata g, JoinRequest r, String memberId, Promise<JoinResult> promise) {
        MemberMetadata m = new MemberMetadata(memberId, r.groupInstanceId(), r.clientId(), r.clientHost(),
                r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocolType(), r.protocols());
        m.isNew(true);
        if (g.is(GroupState.PREPARING_REBALANCE) && g.delayedJoin() != null) {
            g.delayedJoin().newMemberAdded();
        }
        g.removePendingMember(memberId);
        g.add(m);
        m.awaitJoin(promise);
        scheduleSession(g, m);
        maybePrepareRebalance(g, "member " + memberId + " joined");
    }

    /** A known member rejoins, perhaps with new protocols: its JoinGroup waits and a rebalance starts if none runs. */
    void updateMemberAndRebalance(GroupMetadata g, MemberMetadata m, JoinRequest r, Promise<JoinResult> promise,
                                  String reason) {
        m.update(r.protocols(), r.rebalanceTimeoutMs(), r.sessionTimeoutMs());
        m.awaitJoin(promise);
        maybePrepareRebalance(g, reason);
    }

    void maybePrepareRebalance(GroupMetadata g, String reason) {
        if (GroupState.PREPARING_REBALANCE.validPrevious().contains(g.state())) {
            prepareRebalance(g, reason);
        }
    }

    /** Moves to PreparingRebalance: waiting SyncGroups are told to rejoin, and the join phase is scheduled. */
    void prepareRebalance(GroupMetadata g, String reason) {
        if (g.is(GroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(g, ErrorCode.REBALANCE_IN_PROGRESS);
        }
        cancelSyncTimer(g);
        int delay = config.initialRebalanceDelayMs();
        // With no initial delay configured the first join phase is a regular one: it ends once all joined.
        DelayedJoin join = g.is(GroupState.EMPTY) && delay > 0
                ? DelayedJoin.initial(delay, Math.max(g.rebalanceTimeoutMs() - delay, 0))
                : DelayedJoin.regular(g.rebalanceTimeoutMs());
        g.transitionTo(GroupState.PREPARING_REBALANCE, timer.nowMs());
        LOG.log(System.Logger.Level.INFO, "preparing to rebalance group " + g.groupId() + " in generation "
                + g.generationId() + ": " + reason);
        startDelayedJoin(g, join);
        tryCompleteJoin(g);
    }

    /** Ends a regular join phase early once every member has rejoined. */
    void tryCompleteJoin(GroupMetadata g) {
        DelayedJoin join = g.delayedJoin();
        if (g.is(GroupState.PREPARING_REBALANCE) && join != null && !join.isInitial() && g.hasAllMembersJoined()) {
            join.cancel();
            g.delayedJoin(null);
            completeJoin(g);
        }
    }

    private void startDelayedJoin(GroupMetadata g, DelayedJoin join) {
        g.delayedJoin(join);
        join.timeout(timer.schedule(join.delayMs(), () -> onDelayedJoinExpired(g, join)));
    }

    private void onDelayedJoinExpired(GroupMetadata g, DelayedJoin join) {
        if (g.delayedJoin() != join) {
            return;
        }
        DelayedJoin next = join.extension(config.initialRebalanceDelayMs());
        if (next != null) {
            startDelayedJoin(g, next);
        } else {
            g.delayedJoin(null);
            completeJoin(g);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are removed (static ones stay until
     * their session times out), then the next generation starts: Empty, or CompletingRebalance with
     * every waiting JoinGroup answered (the leader's with all members).
     */
    private void completeJoin(GroupMetadata g) {
        for (MemberMetadata m : g.members()) {
            if (!m.isStatic() && !m.isAwaitingJoin()) {
                LOG.log(System.Logger.Level.INFO, "removing " + m + " from group " + g.groupId() + ": it did not rejoin");
                m.cancelSessionTimer();
                g.remove(m.memberId());
            }
        }
        if (g.is(GroupState.DEAD)) {
            return;
        }
        if (!g.electJoinedLeader() && g.hasMembers()) {
            // Only static members that did not rejoin are left: wait for them or for their sessions to end.
            startDelayedJoin(g, DelayedJoin.regular(g.rebalanceTimeoutMs()));
            return;
        }
        g.initNextGeneration(timer.nowMs());
        if (g.is(GroupState.EMPTY)) {
            store.storeGroup(g, Map.of()).onFailure(t -> LOG.log(System.Logger.Level.WARNING,
                    "could not write the empty generation of group " + g.groupId() + ": " + t.getMessage()));
            return;
        }
        LOG.log(System.Logger.Level.INFO, "group " + g.groupId() + " generation " + g.generationId() + " with "
                + g.size() + " members, protocol " + g.protocolName() + ", leader " + g.leaderId());
        for (MemberMetadata m : g.members()) {
            boolean leader = g.isLeader(m.memberId());
            m.completeJoin(new JoinResult(ErrorCode.NONE, null, g.generationId(), g.protocolType(), g.protocolName(),
                    g.leaderId(), false, m.memberId(), leader ? g.joinedMembers() : java.util.List.of()));
            m.isNew(false);
            scheduleSession(g, m);
            g.pendingSyncMembers().add(m.memberId());
        }
        int generation = g.generationId();
        g.syncTimer(timer.schedule(g.rebalanceTimeoutMs(), () -> onSyncExpired(g, generation)));
    }

    /** A SyncGroup arrived from {@code memberId}: it no longer holds up the pending-sync timer. */
    void syncReceived(GroupMetadata g, String memberId) {
        g.pendingSyncMembers().remove(memberId);
        if (g.pendingSyncMembers().isEmpty()) {
            cancelSyncTimer(g);
        }
    }

    private void onSyncExpired(GroupMetadata g, int generation) {
        g.syncTimer(null);
        boolean current = g.generationId() == generation
                && (g.is(GroupState.COMPLETING_REBALANCE) || g.is(GroupState.STABLE));
        if (!current || g.pendingSyncMembers().isEmpty()) {
            return;
        }
        for (String id : java.util.List.copyOf(g.pendingSyncMembers())) {
            MemberMetadata m = g.get(id);
            if (m != null) {
                m.cancelSessionTimer();
                m.completeSync(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
                g.remove(id);
            }
        }
        prepareRebalance(g, "members did not send SyncGroup within the rebalance timeout");
    }

    private void cancelSyncTimer(GroupMetadata g) {
        if (g.syncTimer() != null) {
            g.syncTimer().cancel();
            g.syncTimer(null);
        }
    }

    /** Restarts {@code m}'s session timer: a sign of life. */
    void scheduleSession(GroupMetadata g, MemberMetadata m) {
        long timeout = m.isNew() ? NEW_MEMBER_JOIN_TIMEOUT_MS : m.sessionTimeoutMs();
        m.sessionTimer(timer.schedule(timeout, () -> onSessionExpired(g, m)));
    }

    private void onSessionExpired(GroupMetadata g, MemberMetadata m) {
        if (g.get(m.memberId()) != m || g.is(GroupState.DEAD)) {
            return;
        }
        if (!m.isNew() && (m.isAwaitingJoin() || m.isAwaitingSync())) {
            scheduleSession(g, m);
            return;
        }
        removeMember(g, m, "session of " + m + " timed out");
    }

    /** KIP-394: {@code memberId} was handed out and must come back within the session timeout. */
    void addPendingMember(GroupMetadata g, String memberId, int sessionTimeoutMs) {
        g.addPendingMember(memberId, timer.schedule(sessionTimeoutMs, () -> removePendingMember(g, memberId)));
    }

    void removePendingMember(GroupMetadata g, String memberId) {
        if (g.removePendingMember(memberId) && g.is(GroupState.PREPARING_REBALANCE)) {
            tryCompleteJoin(g);
        }
    }

    /** Removes a member (session timeout, LeaveGroup) and rebalances what is left. */
    void removeMember(GroupMetadata g, MemberMetadata m, String reason) {
        LOG.log(System.Logger.Level.INFO, "removing " + m + " from group " + g.groupId() + ": " + reason);
        m.completeJoin(JoinResult.error("", ErrorCode.UNKNOWN_MEMBER_ID));
        m.completeSync(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
        m.cancelSessionTimer();
        g.remove(m.memberId());
        switch (g.state()) {
            case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalance(g, reason);
            case PREPARING_REBALANCE -> tryCompleteJoin(g);
            case EMPTY, DEAD -> { }
        }
    }

    /** The leader's assignment was stored: every member gets its part, waiting SyncGroups are answered. */
    void setAndPropagateAssignment(GroupMetadata g, Map<String, byte[]> assignment) {
        for (MemberMetadata m : g.members()) {
            m.assignment(assignment.get(m.memberId()));
        }
        propagate(g, ErrorCode.NONE);
    }

    /** The generation's assignment is void: assignments are cleared and waiting SyncGroups get {@code error}. */
    void resetAndPropagateAssignmentError(GroupMetadata g, ErrorCode error) {
        for (MemberMetadata m : g.members()) {
            m.assignment(null);
        }
        propagate(g, error);
    }

    private void propagate(GroupMetadata g, ErrorCode error) {
        for (MemberMetadata m : g.members()) {
            if (m.isAwaitingSync()) {
                m.completeSync(error == ErrorCode.NONE
                        ? new SyncResult(ErrorCode.NONE, null, g.protocolType(), g.protocolName(), m.assignment())
                        : SyncResult.error(error));
            }
            // A SyncGroup answered is a sign of life; members that never synced are on the sync timer.
            scheduleSession(g, m);
        }
    }
}
