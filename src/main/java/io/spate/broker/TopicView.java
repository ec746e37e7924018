package io.spate.broker;

import io.spate.protocol.ErrorCode;

/** A topic as metadata shows it: name, partition count, or why it is not there. */
public record TopicView(String name, ErrorCode error, int partitions, boolean internal) {
    static TopicView of(Topic t) {
        return new TopicView(t.name(), ErrorCode.NONE, t.partitions().size(), TopicNames.isInternal(t.name()));
    }

    static TopicView failed(String name, ErrorCode error) {
        return new TopicView(name, error, 0, false);
    }
}
