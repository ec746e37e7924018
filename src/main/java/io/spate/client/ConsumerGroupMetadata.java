package io.spate.client;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a group consumer is in its group right now: the group, the generation it last joined
 * ({@code -1} when it is in none), its member id ({@code ""} before the first join) and its static
 * instance id, if any.
 */
public record ConsumerGroupMetadata(String groupId, int generationId, String memberId,
                                    Optional<String> groupInstanceId) {
    public ConsumerGroupMetadata {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    }
}
