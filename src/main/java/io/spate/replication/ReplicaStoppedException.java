package io.spate.replication;

/**
 * A follower's log refused a change because its owner stopped it (the replica moved away, its topic
 * was deleted, the node is stopping). The fetcher that asked has normally dropped the partition
 * already; this only ends an operation it handed over just before.
 */
public final class ReplicaStoppedException extends IllegalStateException {
    public ReplicaStoppedException(String message) {
        super(message);
    }
}
