package io.spate.cluster.raft;

import java.util.Objects;

/**
 * A voter change (add a voter, remove a voter) the metadata quorum refused or could not finish; its
 * {@link #kind()} says which, so an edge (the wire) can map it to an error code, and its message says
 * why in words an operator can act on. A refused change changed nothing.
 */
public final class VoterChangeException extends RuntimeException {
    public enum Kind {
        /** The request itself is wrong: an unknown or not-live node, already a voter, not a voter, the last voter. */
        INVALID,
        /** Another membership change is not committed yet (or the leader is new): nothing changed, try again. */
        PENDING,
        /** No leader is known to take the change (this node cannot reach one). */
        NO_LEADER,
        /** The leader did not answer in time: the change may still commit (check with describe). */
        TIMED_OUT
    }

    private final Kind kind;

    public VoterChangeException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
