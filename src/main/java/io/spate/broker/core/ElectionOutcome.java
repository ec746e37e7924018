package io.spate.broker.core;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;

/**
 * The outcome of one partition's leader election asked for (Kafka's ElectLeaders): NONE (elected),
 * ELECTION_NOT_NEEDED (it has the leader asked for already), or the error and why.
 */
public record ElectionOutcome(ErrorCode error, String errorMessage) {
    public static final ElectionOutcome ELECTED = new ElectionOutcome(ErrorCode.NONE, null);
    public static final ElectionOutcome NOT_NEEDED = new ElectionOutcome(ErrorCode.ELECTION_NOT_NEEDED, null);

    /** UNKNOWN_TOPIC_OR_PARTITION for {@code tp}, saying whether its topic exists. */
    public static ElectionOutcome unknown(TopicPartition tp, boolean topicExists) {
        return new ElectionOutcome(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, topicExists
                ? "topic '" + tp.topic() + "' has no partition " + tp.partition()
                : "topic '" + tp.topic() + "' does not exist");
    }
}
