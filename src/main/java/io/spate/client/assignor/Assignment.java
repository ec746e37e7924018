package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The partitions the group leader gives one member, with assignor-specific user data.
 * {@link ConsumerProtocol} gives the bytes (Kafka's ConsumerProtocolAssignment).
 *
 * @param partitions the assigned partitions, never null (copied, order kept)
 * @param userData   opaque assignor data, null when absent; kept as a read-only view of the given
 *                   bytes (shared, not copied), the accessor returns a fresh view at its start
 */
public record Assignment(List<TopicPartition> partitions, ByteBuffer userData) {
    public Assignment {
        partitions = List.copyOf(partitions);
        userData = userData == null ? null : userData.slice().asReadOnlyBuffer();
    }

    /** An assignment without user data. */
    public Assignment(List<TopicPartition> partitions) {
        this(partitions, null);
    }

    /** A fresh read-only view of the user data (position 0), or null. */
    @Override
    public ByteBuffer userData() {
        return userData == null ? null : userData.duplicate();
    }
}
