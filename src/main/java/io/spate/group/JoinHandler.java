package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JoinGroup, after Kafka 3.x's classic coordinator: new dynamic members get an id and must join
 * again with it (KIP-394), unless the request says otherwise (Kafka's JoinGroup v0-3); a static member that rejoins with "" replaces its previous incarnation
 * (KIP-345), without a rebalance when the group is Stable and its protocols leave the group's
 * choice unchanged; known members rejoin into the current or a new join phase.
 * Only on the coordinator's context, after the coordinator checked group id and ownership.
 */
final class JoinHandler {
    private static final System.Logger LOG = System.getLogger(JoinHandler.class.getName());

    private final GroupConfig config;
    private final GroupRegistry registry;
    private final GroupTimer timer;
    private final GroupStore store;
    private final Rebalancer rebalancer;

    JoinHandler(GroupConfig config, GroupRegistry registry, GroupTimer timer, GroupStore store, Rebalancer rebalancer) {
        this.config = config;
        this.registry = registry;
        this.timer = timer;
        this.store = store;
        this.rebalancer = rebalancer;
    }

    Future<JoinResult> join(JoinRequest r) {
        if (r.sessionTimeoutMs() < config.minSessionTimeoutMs() || r.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return done(JoinResult.error(r.memberId(), ErrorCode.INVALID_SESSION_TIMEOUT, "session timeout "
                    + r.sessionTimeoutMs() + " ms is outside [" + config.minSessionTimeoutMs() + ", "
                    + config.maxSessionTimeoutMs() + "]"));
        }
        boolean unknownMember = r.memberId().isEmpty();
        GroupMetadata g = registry.get(r.groupId());
        if (g == null) {
            if (!unknownMember) {
                return done(JoinResult.error(r.memberId(), ErrorCode.UNKNOWN_MEMBER_ID));
            }
            g = registry.getOrCreate(r.groupId(), timer.nowMs());
        }
        Promise<JoinResult> promise = Promise.promise();
        if (!acceptJoiningMember(g, r.memberId())) {
            MemberMetadata refused = g.get(r.memberId());
            if (refused != null) {
                rebalancer.removeMember(g, refused, "the group reached group.max.size " + config.maxSize());
            }
            promise.complete(JoinResult.error("", ErrorCode.GROUP_MAX_SIZE_REACHED,
                    "group " + g.groupId() + " has reached its maximum size " + config.maxSize()));
        } else if (g.is(GroupState.DEAD)) {
            promise.complete(JoinResult.error(r.memberId(), ErrorCode.COORDINATOR_NOT_AVAILABLE));
        } else if (!g.supportsProtocols(r.protocolType(), r.protocols())) {
            promise.complete(JoinResult.error(r.memberId(), ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
        } else if (unknownMember) {
            joinNewMember(g, r, promise);
        } else {
            joinCurrentMember(g, r, promise);
        }
        if (g.is(GroupState.PREPARING_REBALANCE)) {
            rebalancer.tryCompleteJoin(g);
        }
        return promise.future();
    }

    /** Kafka's acceptJoiningMember: group.max.size counts waiting joiners while preparing, members otherwise. */
    private boolean acceptJoiningMember(GroupMetadata g, String memberId) {
        return switch (g.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (g.has(memberId) && g.get(memberId).isAwaitingJoin())
                    || g.awaitingJoinCount() < config.maxSize();
            case COMPLETING_REBALANCE, STABLE -> g.has(memberId) || g.size() < config.maxSize();
        };
    }

    private void joinNewMember(GroupMetadata g, JoinRequest r, Promise<JoinResult> promise) {
        String prefix = r.groupInstanceId() != null ? r.groupInstanceId() : r.clientId();
        String newMemberId = prefix + "-" + UUID.randomUUID();
        if (r.groupInstanceId() == null && !r.requireKnownMemberId()) {
            rebalancer.addMemberAndRebalance(g, r, newMemberId, promise); // Kafka's JoinGroup v0-3
            return;
        }
        if (r.groupInstanceId() == null) {
            rebalancer.addPendingMember(g, newMemberId, r.sessionTimeoutMs());
            promise.complete(JoinResult.error(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
            return;
        }
        String oldMemberId = g.staticMemberId(r.groupInstanceId());
        if (oldMemberId == null) {
            rebalancer.addMemberAndRebalance(g, r, newMemberId, promise);
        } else {
            replaceStaticMember(g, oldMemberId, newMemberId, r, promise);
        }
    }

    private void joinCurrentMember(GroupMetadata g, JoinRequest r, Promise<JoinResult> promise) {
        String memberId = r.memberId();
        if (g.isPendingMember(memberId)) {
            if (r.groupInstanceId() != null) {
                // The id was handed to a dynamic member; a static join with it is a confused client.
                promise.complete(JoinResult.error(memberId, ErrorCode.UNKNOWN_MEMBER_ID,
                        "member id " + memberId + " was given to a dynamic member"));
            } else {
                rebalancer.addMemberAndRebalance(g, r, memberId, promise);
            }
            return;
        }
        ErrorCode invalid = g.validateMember(memberId, r.groupInstanceId());
        if (invalid != ErrorCode.NONE) {
            promise.complete(JoinResult.error(memberId, invalid));
            return;
        }
        MemberMetadata m = g.get(memberId);
        switch (g.state()) {
            case PREPARING_REBALANCE -> rebalancer.updateMemberAndRebalance(g, m, r, promise,
                    m + " rejoined during PreparingRebalance");
            case COMPLETING_REBALANCE -> {
                if (m.matches(r.protocols())) {
                    // The member missed its JoinGroup answer: give it the current generation again.
                    rebalancer.scheduleSession(g, m);
                    promise.complete(currentGeneration(g, memberId, g.isLeader(memberId), false));
                } else {
                    rebalancer.updateMemberAndRebalance(g, m, r, promise, m + " changed its protocols");
                }
            }
            case STABLE -> {
                if (g.isLeader(memberId) || !m.matches(r.protocols())) {
                    // A leader's JoinGroup asks for a rebalance (e.g. the topics it watches changed).
                    rebalancer.updateMemberAndRebalance(g, m, r, promise,
                            g.isLeader(memberId) ? "the leader rejoined" : m + " changed its protocols");
                } else {
                    rebalancer.scheduleSession(g, m);
                    promise.complete(currentGeneration(g, memberId, false, false));
                }
            }
            case EMPTY, DEAD -> promise.complete(JoinResult.error(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
        }
    }

    /**
     * A static member came back with "": its new incarnation takes over the old member id's place,
     * assignment and leadership; the old incarnation's waiting requests are fenced.
     */
    private void replaceStaticMember(GroupMetadata g, String oldMemberId, String newMemberId, JoinRequest r,
                                     Promise<JoinResult> promise) {
        MemberMetadata m = g.get(oldMemberId);
        List<Protocol> oldProtocols = m.protocols();
        int oldRebalanceTimeout = m.rebalanceTimeoutMs();
        int oldSessionTimeout = m.sessionTimeoutMs();
        m.completeJoin(JoinResult.error(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
        m.completeSync(SyncResult.error(ErrorCode.FENCED_INSTANCE_ID));
        g.replaceStaticMember(oldMemberId, newMemberId);
        rebalancer.scheduleSession(g, m);
        m.update(r.protocols(), r.rebalanceTimeoutMs(), r.sessionTimeoutMs());
        m.awaitJoin(promise);
        LOG.log(System.Logger.Level.INFO, "static member " + r.groupInstanceId() + " of group " + g.groupId()
                + " rejoined: " + oldMemberId + " is replaced by " + newMemberId);
        switch (g.state()) {
            case STABLE -> {
                if (!g.selectProtocol().equals(g.protocolName())) {
                    rebalancer.prepareRebalance(g, "static member " + newMemberId + " changed the group's protocol");
                    return;
                }
                int generation = g.generationId();
                Map<String, byte[]> assignment = new HashMap<>();
                g.members().forEach(x -> assignment.put(x.memberId(), x.assignment()));
                // Persist the new member id, so that a coordinator restart still knows this incarnation.
                store.storeGroup(g, assignment).onComplete(ar -> {
                    if (!g.is(GroupState.STABLE) || g.generationId() != generation || g.get(newMemberId) != m) {
                        return; // a rebalance started meanwhile and will answer the JoinGroup
                    }
                    if (ar.succeeded()) {
                        boolean leader = g.isLeader(newMemberId);
                        m.completeJoin(currentGeneration(g, newMemberId, leader, leader));
                    } else {
                        ErrorCode error = ((SpateException) ar.cause()).error();
                        g.replaceStaticMember(newMemberId, oldMemberId);
                        m.update(oldProtocols, oldRebalanceTimeout, oldSessionTimeout);
                        rebalancer.scheduleSession(g, m);
                        m.completeJoin(JoinResult.error("", error, ar.cause().getMessage()));
                    }
                });
            }
            case COMPLETING_REBALANCE ->
                // The leader may be assigning to the old member id: start over so the new one gets its share.
                    rebalancer.prepareRebalance(g, "static member " + newMemberId + " rejoined during CompletingRebalance");
            case PREPARING_REBALANCE -> { } // the JoinGroup waits for the join phase like the others
            case EMPTY, DEAD -> throw new IllegalStateException("group " + g.groupId() + " has static member "
                    + oldMemberId + " while " + g.state().displayName());
        }
    }

    /** The current generation as a JoinGroup answer; the leader gets the members. */
    private static JoinResult currentGeneration(GroupMetadata g, String memberId, boolean withMembers,
                                                boolean skipAssignment) {
        return new JoinResult(ErrorCode.NONE, null, g.generationId(), g.protocolType(), g.protocolName(),
                g.leaderId(), skipAssignment, memberId, withMembers ? g.joinedMembers() : List.of());
    }

    private static Future<JoinResult> done(JoinResult r) {
        return Future.succeededFuture(r);
    }
}
