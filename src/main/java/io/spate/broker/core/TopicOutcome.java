package io.spate.broker.core;

import io.spate.protocol.ErrorCode;

/**
 * The outcome of one topic's change (create, delete, new partitions, configs): NONE, or the error
 * and a message naming the topic. A listener's codec turns it into its protocol's per-topic result.
 */
public record TopicOutcome(String name, ErrorCode error, String errorMessage) {
    public static TopicOutcome ok(String name) {
        return new TopicOutcome(name, ErrorCode.NONE, null);
    }
}
