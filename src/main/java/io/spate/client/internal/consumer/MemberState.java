package io.spate.client.internal.consumer;

/**
 * The states of a consumer's membership of its group (internal), and the moves between them; the
 * current state is held by the member's {@link GroupJoin}, which moves it with
 * {@link GroupJoin#transitionTo} (an {@link IllegalStateException} on a move not listed here).
 * <pre>
 * UNJOINED --subscribe / poll--> PREPARING           STABLE --rejoin needed--> PREPARING
 * PREPARING --commit and revocation done, JoinGroup sent--> REBALANCING
 * REBALANCING --SyncGroup answered--> ASSIGNING       ASSIGNING --listener done--> STABLE
 * PREPARING, REBALANCING, ASSIGNING --fenced (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION)--> PREPARING
 * PREPARING, REBALANCING, ASSIGNING, STABLE --unsubscribe, poll timeout--> UNJOINED
 * any but CLOSED --fatal error (e.g. FENCED_INSTANCE_ID)--> FAILED        any --close--> CLOSED
 * </pre>
 * Heartbeats are sent in PREPARING, ASSIGNING and STABLE (in REBALANCING the coordinator counts a
 * waiting JoinGroup or SyncGroup as alive). See docs/groups.md.
 */
enum MemberState {
    /** Not a member: before subscribe, after unsubscribe, after a poll timeout. */
    UNJOINED,
    /** Before a JoinGroup: auto-commit, and under an eager protocol the revocation of everything. */
    PREPARING,
    /** JoinGroup and SyncGroup in flight. */
    REBALANCING,
    /** The new assignment is applied: revocation (cooperative), listener, committed offsets. */
    ASSIGNING,
    /** Member of the current generation. */
    STABLE,
    /** A fatal error: raised by every later poll. */
    FAILED,
    /** Closed. */
    CLOSED;

    /** Whether the move from this state to {@code next} is one of those listed in the class comment. */
    boolean canMoveTo(MemberState next) {
        return switch (next) {
            case PREPARING -> this == UNJOINED || this == STABLE || this == PREPARING || this == ASSIGNING
                    || this == REBALANCING;
            case REBALANCING -> this == PREPARING;
            case ASSIGNING -> this == REBALANCING;
            case STABLE -> this == ASSIGNING;
            case UNJOINED -> this != CLOSED && this != FAILED;
            case FAILED -> this != CLOSED;
            case CLOSED -> true;
        };
    }

    /** PREPARING, ASSIGNING, STABLE: the member has a generation to vouch for with heartbeats. */
    boolean sendsHeartbeats() {
        return this == PREPARING || this == ASSIGNING || this == STABLE;
    }

    /** PREPARING, REBALANCING, ASSIGNING, STABLE: joined or joining. */
    boolean inGroup() {
        return sendsHeartbeats() || this == REBALANCING;
    }
}
