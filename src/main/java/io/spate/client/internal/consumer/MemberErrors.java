package io.spate.client.internal.consumer;

import io.spate.client.CommitFailedException;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;

/**
 * What a group member makes of the errors its coordinator answers outside a rebalance round
 * (internal): Heartbeat answers and refused offset commits. (JoinGroup and SyncGroup errors are
 * handled inside the round, {@link GroupRebalance}.) Pure functions; the
 * {@link ConsumerCoordinator} carries out the reaction.
 */
final class MemberErrors {
    /** What the member does about an error. */
    enum Reaction {
        /**
         * Nothing: NONE, and coordinator and connection errors (the lookup forgot the coordinator;
         * the next heartbeat tick finds it again).
         */
        NONE,
        /** The group is rebalancing: rejoin, if the member is ASSIGNING or STABLE. */
        REJOIN,
        /** The coordinator no longer knows the member's generation: its partitions are lost, it joins again. */
        FENCED,
        /** The member cannot stay in the group: FAILED. */
        FATAL
    }

    private MemberErrors() {
    }

    /** The reaction to a Heartbeat answer (or a failed send, as its error). */
    static Reaction ofHeartbeat(ErrorCode error) {
        return switch (error) {
            case REBALANCE_IN_PROGRESS -> Reaction.REJOIN;
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> Reaction.FENCED;
            case FENCED_INSTANCE_ID -> Reaction.FATAL;
            default -> Reaction.NONE;
        };
    }

    /**
     * The error with which a failed commit fences the member: that of a {@link CommitFailedException}
     * other than REBALANCE_IN_PROGRESS (under an eager protocol the group is only rebalancing);
     * null for any other failure.
     */
    static ErrorCode fencingError(Throwable commitFailure) {
        if (commitFailure instanceof CommitFailedException cfe && cfe.error() != ErrorCode.REBALANCE_IN_PROGRESS) {
            return cfe.error();
        }
        return null;
    }

    /**
     * The member's generation after it was fenced with {@code error}: UNKNOWN_MEMBER_ID forgets the
     * member id as well, ILLEGAL_GENERATION only the generation.
     */
    static Generation afterFencing(Generation generation, ErrorCode error) {
        return error == ErrorCode.UNKNOWN_MEMBER_ID ? Generation.NO_GENERATION : generation.withoutGeneration();
    }

    /**
     * The error the application gets for a FATAL {@code error} answered to a Heartbeat (only
     * FENCED_INSTANCE_ID is: another member took this one's group.instance.id).
     */
    static SpateException fatal(ErrorCode error, GroupChannel channel) {
        return new SpateException(error, "group '" + channel.groupId + "': another "
                + "consumer with group.instance.id '" + channel.instanceIdOrNull() + "' took this one's place");
    }
}
