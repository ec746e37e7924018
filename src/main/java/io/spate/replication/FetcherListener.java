package io.spate.replication;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;

/**
 * What a {@link ReplicaFetcher} tells its owner about partitions it stopped. Called on the fetcher's
 * context; must not block.
 */
public interface FetcherListener {
    /** Ignores everything. */
    FetcherListener NONE = new FetcherListener() {
        @Override
        public void onFenced(TopicPartition tp, int leaderEpoch, ErrorCode error, String message) {
        }

        @Override
        public void onFailed(TopicPartition tp, int leaderEpoch, Throwable cause) {
        }
    };

    /**
     * The leader refused the partition at {@code leaderEpoch} (FENCED_LEADER_EPOCH,
     * NOT_LEADER_OR_FOLLOWER or UNKNOWN_TOPIC_OR_PARTITION): the follower's metadata is behind or the
     * leadership moved. The partition waits, untouched, until it is added again (with a newer epoch).
     */
    void onFenced(TopicPartition tp, int leaderEpoch, ErrorCode error, String message);

    /**
     * The follower's log refused or failed an operation (a {@code FollowerAppendException}, a storage
     * error): the partition stopped and waits until it is added again.
     */
    void onFailed(TopicPartition tp, int leaderEpoch, Throwable cause);
}
