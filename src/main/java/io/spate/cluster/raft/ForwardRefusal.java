package io.spate.cluster.raft;

import io.microraft.exception.CannotReplicateException;
import io.microraft.exception.IndeterminateStateException;
import io.microraft.exception.NotLeaderException;
import io.microraft.exception.RaftException;
import java.util.Objects;
import java.util.Optional;

/**
 * A forwarded proposal's answer when the receiver could not run it, as it travels back to the
 * proposer ({@link EventBusProposalForwarder}): the MicroRaft exception the receiver's Raft node
 * failed it with, reduced to its kind and the leader it named. The proposer rebuilds the same
 * exception, so it treats a forwarded refusal exactly as a local one (see
 * {@link RaftClusterMetadata}: only {@link Reason#CANNOT_REPLICATE} says nothing was appended).
 *
 * @param reason what the receiver's Raft node said
 * @param leader the leader it named, if any (where the proposer tries next)
 */
public record ForwardRefusal(Reason reason, Optional<SpateEndpoint> leader) {
    public enum Reason {
        /** The receiver is not the leader ({@link NotLeaderException}). */
        NOT_LEADER,
        /** The leader's log is too full to take more now; nothing was appended ({@link CannotReplicateException}). */
        CANNOT_REPLICATE,
        /** The leader stepped down before the command committed; it may still commit ({@link IndeterminateStateException}). */
        INDETERMINATE
    }

    public ForwardRefusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(leader, "leader");
    }

    /** The refusal a Raft node's failure stands for, or empty for a failure that is not one of the three. */
    public static Optional<ForwardRefusal> of(Throwable failure) {
        if (!(failure instanceof RaftException e)) {
            return Optional.empty();
        }
        Optional<SpateEndpoint> leader = e.getLeader() instanceof SpateEndpoint s ? Optional.of(s) : Optional.empty();
        if (e instanceof NotLeaderException) {
            return Optional.of(new ForwardRefusal(Reason.NOT_LEADER, leader));
        }
        if (e instanceof CannotReplicateException) {
            return Optional.of(new ForwardRefusal(Reason.CANNOT_REPLICATE, leader));
        }
        if (e instanceof IndeterminateStateException) {
            return Optional.of(new ForwardRefusal(Reason.INDETERMINATE, leader));
        }
        return Optional.empty();
    }

    /** The exception the proposer fails the forward with; {@code receiver} is the node that refused. */
    public RaftException toException(SpateEndpoint receiver) {
        SpateEndpoint named = leader.orElse(null);
        return switch (reason) {
            case NOT_LEADER -> new NotLeaderException(receiver, named);
            case CANNOT_REPLICATE -> new CannotReplicateException(named);
            case INDETERMINATE -> new IndeterminateStateException(named);
        };
    }
}
