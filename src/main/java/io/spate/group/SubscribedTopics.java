package io.spate.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The topics the members of a "consumer" group subscribe to, read from their metadata for the
 * chosen protocol, as Kafka's coordinator reads them for OffsetDelete: only the prefix every
 * version of ConsumerProtocolSubscription shares (int16 version, then the topics as an int32 count
 * of int16-length UTF-8 strings), so any version, past or future, is read the same way.
 */
final class SubscribedTopics {
    /** The protocol type of Kafka's consumers (and Spate's). */
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private SubscribedTopics() {
    }

    /**
     * The union of the members' subscribed topics; empty for a group without members; absent when
     * it cannot be told (not a consumer group, no protocol chosen yet, or metadata that does not
     * parse), as Kafka's computeSubscribedTopics.
     */
    static Optional<Set<String>> of(GroupMetadata g) {
        if (!CONSUMER_PROTOCOL_TYPE.equals(g.protocolType())) {
            return Optional.empty();
        }
        if (!g.hasMembers()) {
            return Optional.of(Set.of());
        }
        if (g.protocolName() == null) {
            return Optional.empty();
        }
        Set<String> topics = new HashSet<>();
        for (MemberMetadata m : g.members()) {
            byte[] metadata = m.metadata(g.protocolName());
            if (metadata == null || !read(ByteBuffer.wrap(metadata), topics)) {
                return Optional.empty();
            }
        }
        return Optional.of(topics);
    }

    /** Whether the group is (or may be) subscribed to {@code topic}: unknown counts as subscribed for a consumer group. */
    static boolean isSubscribed(GroupMetadata g, String topic) {
        return of(g).map(t -> t.contains(topic)).orElse(CONSUMER_PROTOCOL_TYPE.equals(g.protocolType()));
    }

    private static boolean read(ByteBuffer buf, Set<String> into) {
        try {
            if (buf.getShort() < 0) {
                return false;
            }
            int count = buf.getInt();
            if (count < 0 || count > buf.remaining() / 2) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                int len = buf.getShort();
                if (len < 0 || len > buf.remaining()) {
                    return false;
                }
                byte[] name = new byte[len];
                buf.get(name);
                into.add(new String(name, StandardCharsets.UTF_8));
            }
            return true;
        } catch (BufferUnderflowException e) {
            return false;
        }
    }
}
