package io.spate.group;

import io.spate.protocol.TopicPartition;

/** The key of a record in the offsets topic: either one group's offset for a partition, or a group's metadata. */
sealed interface CoordinatorKey {
    String groupId();

    /** Key version 1: the committed offset of {@code partition} by {@code groupId}. */
    record OffsetKey(String groupId, TopicPartition partition) implements CoordinatorKey {
    }

    /** Key version 2: the metadata (generation, members, assignment) of {@code groupId}. */
    record GroupKey(String groupId) implements CoordinatorKey {
    }
}
