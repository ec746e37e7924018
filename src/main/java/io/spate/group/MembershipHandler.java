package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SyncGroup, Heartbeat and LeaveGroup, after Kafka 3.x's classic coordinator. The leader's
 * SyncGroup stores the generation's assignment and only then makes the group Stable and answers
 * every waiting SyncGroup; a store failure answers them with the error and starts a new rebalance.
 * Only on the coordinator's context, after the coordinator checked group id and ownership.
 */
final class MembershipHandler {
    private final GroupRegistry registry;
    private final GroupTimer timer;
    private final GroupStore store;
    private final Rebalancer rebalancer;

    MembershipHandler(GroupRegistry registry, GroupTimer timer, GroupStore store, Rebalancer rebalancer) {
        this.registry = registry;
        this.timer = timer;
        this.store = store;
        this.rebalancer = rebalancer;
    }

    Future<SyncResult> sync(SyncRequest r) {
        GroupMetadata g = registry.get(r.groupId());
        if (g == null) {
            return Future.succeededFuture(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
        }
        ErrorCode invalid = validate(g, r.generationId(), r.memberId(), r.groupInstanceId());
        if (invalid == ErrorCode.NONE && ((r.protocolType() != null && !r.protocolType().equals(g.protocolType()))
                || (r.protocolName() != null && !r.protocolName().equals(g.protocolName())))) {
            invalid = ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (invalid != ErrorCode.NONE) {
            return Future.succeededFuture(SyncResult.error(invalid));
        }
        MemberMetadata m = g.get(r.memberId());
        return switch (g.state()) {
            case EMPTY, DEAD -> Future.succeededFuture(SyncResult.error(ErrorCode.UNKNOWN_MEMBER_ID));
            case PREPARING_REBALANCE -> Future.succeededFuture(SyncResult.error(ErrorCode.REBALANCE_IN_PROGRESS));
            case STABLE -> {
                rebalancer.syncReceived(g, m.memberId());
                rebalancer.scheduleSession(g, m);
                yield Future.succeededFuture(
                        new SyncResult(ErrorCode.NONE, null, g.protocolType(), g.protocolName(), m.assignment()));
            }
            case COMPLETING_REBALANCE -> {
                Promise<SyncResult> promise = Promise.promise();
                m.awaitSync(promise);
                rebalancer.syncReceived(g, m.memberId());
                if (g.isLeader(m.memberId())) {
                    storeAssignment(g, r.assignments());
                }
                yield promise.future();
            }
        };
    }

    private void storeAssignment(GroupMetadata g, Map<String, byte[]> fromLeader) {
        Map<String, byte[]> assignment = new HashMap<>();
        for (MemberMetadata m : g.members()) {
            // Members the leader left out get an empty assignment, as Kafka does.
            assignment.put(m.memberId(), fromLeader.getOrDefault(m.memberId(), MemberMetadata.NO_BYTES));
        }
        int generation = g.generationId();
        store.storeGroup(g, assignment).onComplete(ar -> {
            // A join or a departure may have moved the group on while the record was appended.
            if (!g.is(GroupState.COMPLETING_REBALANCE) || g.generationId() != generation) {
                return;
            }
            if (ar.succeeded()) {
                g.transitionTo(GroupState.STABLE, timer.nowMs());
                rebalancer.setAndPropagateAssignment(g, assignment);
            } else {
                rebalancer.resetAndPropagateAssignmentError(g, ((SpateException) ar.cause()).error());
                rebalancer.maybePrepareRebalance(g, "the assignment of generation " + generation
                        + " could not be stored: " + ar.cause().getMessage());
            }
        });
    }

    ErrorCode heartbeat(String groupId, int generationId, String memberId, String groupInstanceId) {
        GroupMetadata g = registry.get(groupId);
        if (g == null) {
            return ErrorCode.UNKNOWN_MEMBER_ID;
        }
        ErrorCode invalid = validate(g, generationId, memberId, groupInstanceId);
        if (invalid != ErrorCode.NONE) {
            return invalid;
        }
        MemberMetadata m = g.get(memberId);
        return switch (g.state()) {
            case EMPTY, DEAD -> ErrorCode.UNKNOWN_MEMBER_ID;
            case PREPARING_REBALANCE -> {
                rebalancer.scheduleSession(g, m);
                yield ErrorCode.REBALANCE_IN_PROGRESS;
            }
            case COMPLETING_REBALANCE, STABLE -> {
                rebalancer.scheduleSession(g, m);
                yield ErrorCode.NONE;
            }
        };
    }

    /** Dead group, then the member (static fencing), then the generation: Kafka's order for sync and heartbeat. */
    private static ErrorCode validate(GroupMetadata g, int generationId, String memberId, String instanceId) {
        if (g.is(GroupState.DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        ErrorCode member = g.validateMember(memberId, instanceId);
        if (member != ErrorCode.NONE) {
            return member;
        }
        return generationId == g.generationId() ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    }

    LeaveResult leave(String groupId, List<LeavingMember> leaving) {
        GroupMetadata g = registry.get(groupId);
        List<MemberLeaveResult> results = new ArrayList<>();
        if (g == null) {
            leaving.forEach(l -> results.add(new MemberLeaveResult(l.memberId(), l.groupInstanceId(),
                    ErrorCode.UNKNOWN_MEMBER_ID)));
            return new LeaveResult(ErrorCode.NONE, results);
        }
        if (g.is(GroupState.DEAD)) {
            return new LeaveResult(ErrorCode.COORDINATOR_NOT_AVAILABLE, List.of());
        }
        for (LeavingMember l : leaving) {
            results.add(new MemberLeaveResult(l.memberId(), l.groupInstanceId(), leaveOne(g, l)));
        }
        return new LeaveResult(ErrorCode.NONE, results);
    }

    private ErrorCode leaveOne(GroupMetadata g, LeavingMember l) {
        String reason = "left the group" + (l.reason() == null ? "" : ": " + l.reason());
        if (l.memberId().isEmpty()) {
            // Administrative removal of a static member by its instance id alone.
            String current = g.staticMemberId(l.groupInstanceId());
            if (current == null) {
                return ErrorCode.UNKNOWN_MEMBER_ID;
            }
            rebalancer.removeMember(g, g.get(current), reason);
            return ErrorCode.NONE;
        }
        if (g.isPendingMember(l.memberId())) {
            rebalancer.removePendingMember(g, l.memberId());
            return ErrorCode.NONE;
        }
        ErrorCode invalid = g.validateMember(l.memberId(), l.groupInstanceId());
        if (invalid == ErrorCode.NONE) {
            rebalancer.removeMember(g, g.get(l.memberId()), reason);
        }
        return invalid;
    }
}
