package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one group member asks for: the topics it subscribes to, assignor-specific user data, the
 * partitions it owns now (from its last assignment) with the generation of that assignment, and
 * its rack. {@link ConsumerProtocol} gives the bytes (Kafka's ConsumerProtocolSubscription v3).
 *
 * <p>{@code groupInstanceId} is not part of the bytes: the group leader takes it from the group's
 * member list (static membership, Kafka's {@code group.instance.id}) and sets it with
 * {@link #withGroupInstanceId}; assignors that order members (range, round robin) put members with
 * an instance id first, ordered by it, as Kafka does, so a restarted static member gets its
 * partitions back.
 *
 * @param topics          subscribed topics, never null (copied)
 * @param userData        opaque assignor data, null when absent; kept as a read-only view of the given
 *                        bytes (shared, not copied), the accessor returns a fresh view at its start
 * @param ownedPartitions partitions the member owns now, never null (copied)
 * @param generationId    generation in which {@code ownedPartitions} were assigned, {@link #NO_GENERATION} if unknown
 * @param rackId          the member's rack, if any
 * @param groupInstanceId the member's static id, if any (never encoded)
 */
public record Subscription(List<String> topics, ByteBuffer userData, List<TopicPartition> ownedPartitions,
                           int generationId, Optional<String> rackId, Optional<String> groupInstanceId) {
    /** Kafka's default generation: the owned partitions come from no known generation. */
    public static final int NO_GENERATION = -1;

    public Subscription {
        topics = List.copyOf(topics);
        userData = userData == null ? null : userData.slice().asReadOnlyBuffer();
        ownedPartitions = List.copyOf(ownedPartitions);
        Objects.requireNonNull(rackId, "rackId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    }

    /** The five encoded fields; no group instance id. */
    public Subscription(List<String> topics, ByteBuffer userData, List<TopicPartition> ownedPartitions,
                        int generationId, Optional<String> rackId) {
        this(topics, userData, ownedPartitions, generationId, rackId, Optional.empty());
    }

    /** A new member's subscription: nothing owned, no generation, no rack, no user data. */
    public Subscription(List<String> topics) {
        this(topics, null, List.of(), NO_GENERATION, Optional.empty());
    }

    /** A fresh read-only view of the user data (position 0), or null. */
    @Override
    public ByteBuffer userData() {
        return userData == null ? null : userData.duplicate();
    }

    /** This subscription with the member's static id, as the leader learns it from the member list. */
    public Subscription withGroupInstanceId(Optional<String> instanceId) {
        return new Subscription(topics, userData, ownedPartitions, generationId, rackId, instanceId);
    }
}
