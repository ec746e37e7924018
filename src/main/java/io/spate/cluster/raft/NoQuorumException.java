package io.spate.cluster.raft;

import java.time.Duration;

/**
 * A metadata change that no leader committed within the proposal timeout: this node is cut off from
 * a majority of the voters, or the quorum has no leader. The change is not known to have been
 * committed (it is not acknowledged); it may still commit if its proposal reached a leader that
 * keeps its majority, which is why a caller answers "timed out", never "failed for sure". It is also
 * the answer, for the same reason, to a change whose outcome the node can no longer learn before the
 * timeout (its answer lost, and the epoch it aimed at installed from a snapshot).
 */
public final class NoQuorumException extends RuntimeException {
    private final SpateEndpoint node;

    public NoQuorumException(SpateEndpoint node, Duration timeout, String lastTrouble) {
        super("no metadata quorum: " + node + " could not get a change committed within " + timeout.toMillis()
                + " ms (" + lastTrouble + ")", null, false, false);
        this.node = node;
    }

    /** A change whose outcome {@code node} cannot learn any more ({@code why}): as unknown as one that timed out. */
    public NoQuorumException(SpateEndpoint node, String why) {
        super("metadata change of unknown outcome: " + node + " " + why, null, false, false);
        this.node = node;
    }

    /** The node that proposed the change. */
    public SpateEndpoint node() {
        return node;
    }
}
