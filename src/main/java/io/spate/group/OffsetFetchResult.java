package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.Map;

/**
 * The answer to an OffsetFetch: a group-level error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS,
 * ...; then offsets is empty) and per partition its committed offset or {@link StoredOffset#NONE}.
 */
public record OffsetFetchResult(ErrorCode error, Map<TopicPartition, StoredOffset> offsets) {
}
