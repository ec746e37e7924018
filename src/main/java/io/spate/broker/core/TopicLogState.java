package io.spate.broker.core;

import io.spate.protocol.ErrorCode;
import java.util.List;

/** One topic's per-partition log state, or the error that prevented reading it. */
public record TopicLogState(ErrorCode error, String errorMessage, List<PartitionLogState> partitions) {
    public static TopicLogState failed(ErrorCode error, String message) {
        return new TopicLogState(error, message, List.of());
    }
}
