package io.spate.client;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;

/**
 * An offset commit was refused because the group moved on without this member: it was fenced
 * (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID) or, under an eager protocol, the group is rebalancing
 * (REBALANCE_IN_PROGRESS). Nothing was stored. The partitions may already belong to another member;
 * the consumer rejoins by itself, and the records since the last successful commit will be read
 * again by whoever owns the partitions then. Not retriable as such.
 */
public final class CommitFailedException extends SpateException {
    public CommitFailedException(ErrorCode error, String groupId) {
        super(error, "commit cannot be completed: group '" + groupId + "' has rebalanced and may have given the"
                + " partitions to another member (the time between polls may exceed max.poll.interval.ms, or"
                + " the session timed out)");
    }
}
