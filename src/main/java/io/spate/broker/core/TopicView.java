package io.spate.broker.core;

import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.ErrorCode;
import java.util.List;

/** A topic as metadata shows it: name and partition states, or why it is not there. */
public record TopicView(String name, ErrorCode error, List<PartitionState> partitions, boolean internal) {
    static TopicView of(TopicState t) {
        return new TopicView(t.name(), ErrorCode.NONE, t.partitions(), TopicNames.isInternal(t.name()));
    }

    static TopicView failed(String name, ErrorCode error) {
        return new TopicView(name, error, List.of(), false);
    }
}
