package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.Map;
import java.util.Set;

/**
 * The answer to an OffsetFetch: a group-level error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS,
 * ...; then offsets is empty) and per partition its committed offset or {@link StoredOffset#NONE}.
 *
 * @param unstable the partitions answered without their offset because a transactional offset
 *                 waits for its marker there (only when the fetch required stable offsets, KIP-447:
 *                 Kafka answers them UNSTABLE_OFFSET_COMMIT); each is also in {@code offsets} as NONE
 */
public record OffsetFetchResult(ErrorCode error, Map<TopicPartition, StoredOffset> offsets, Set<TopicPartition> unstable) {
    public OffsetFetchResult {
        unstable = Set.copyOf(unstable);
    }

    public OffsetFetchResult(ErrorCode error, Map<TopicPartition, StoredOffset> offsets) {
        this(error, offsets, Set.of());
    }
}
