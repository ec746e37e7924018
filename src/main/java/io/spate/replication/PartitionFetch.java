package io.spate.replication;

import io.spate.protocol.TopicPartition;

/**
 * One partition of a {@link ReplicaFetcher} for one leader epoch. Adding the partition again (a new
 * epoch) replaces this object; answers for a replaced or stopped object are ignored.
 *
 * <p>States and transitions:
 * <ul>
 * <li>TRUNCATING → FETCHING: the divergence point is found and the log truncated there;</li>
 * <li>TRUNCATING → TRUNCATING: truncated part way, ask the leader again (KIP-279);</li>
 * <li>FETCHING → TRUNCATING: the leader says the fetch offset is past its log;</li>
 * <li>TRUNCATING or FETCHING → STOPPED: fenced by the leader, or the log failed. Final.</li>
 * </ul>
 * A partition in TRUNCATING or FETCHING may also be backing off until {@link #retryAtMs()}.
 *
 * <p>Confined to the fetcher's context.
 */
final class PartitionFetch {
    /** Where the partition is in its replication cycle. */
    enum State { TRUNCATING, FETCHING, STOPPED }

    private final TopicPartition tp;
    private final int leaderEpoch;
    private final FollowerLog log;
    private State state = State.TRUNCATING;
    private long retryAtMs;

    PartitionFetch(TopicPartition tp, int leaderEpoch, FollowerLog log) {
        this.tp = tp;
        this.leaderEpoch = leaderEpoch;
        this.log = log;
    }

    TopicPartition tp() {
        return tp;
    }

    int leaderEpoch() {
        return leaderEpoch;
    }

    FollowerLog log() {
        return log;
    }

    State state() {
        return state;
    }

    boolean isActive() {
        return state != State.STOPPED;
    }

    /** Ready for a request of {@code wanted} at {@code nowMs}: in that state and not backing off. */
    boolean isReady(State wanted, long nowMs) {
        return state == wanted && retryAtMs <= nowMs;
    }

    long retryAtMs() {
        return retryAtMs;
    }

    /** Skips requests until {@code atMs}. */
    void backOffUntil(long atMs) {
        retryAtMs = atMs;
    }

    void transitionToFetching() {
        if (state != State.TRUNCATING) {
            throw new IllegalStateException(tp + ": cannot start fetching from " + state);
        }
        state = State.FETCHING;
    }

    void transitionToTruncating() {
        if (state != State.FETCHING) {
            throw new IllegalStateException(tp + ": cannot start truncating from " + state);
        }
        state = State.TRUNCATING;
    }

    void transitionToStopped() {
        if (state == State.STOPPED) {
            throw new IllegalStateException(tp + " is already stopped");
        }
        state = State.STOPPED;
    }
}
