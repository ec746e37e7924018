package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of the "consumer" group protocol type, byte for byte Kafka's ConsumerProtocol
 * (ConsumerProtocolSubscription / ConsumerProtocolAssignment, versions 0..3, classic encoding,
 * big-endian; string = int16 length + UTF-8, -1 = null; bytes = int32 length, -1 = null;
 * array = int32 count). The group leader decodes every member's subscription from JoinGroup and
 * encodes each member's assignment for SyncGroup.
 *
 * <pre>
 * Subscription = int16 version
 *                array&lt;string&gt; topics
 *                bytes user_data                              nullable
 *                v1+: array&lt;string topic, array&lt;int32&gt; partitions&gt; owned_partitions
 *                v2+: int32 generation_id                     -1 = none
 *                v3+: string rack_id                          nullable
 * Assignment   = int16 version
 *                array&lt;string topic, array&lt;int32&gt; partitions&gt; assigned_partitions
 *                bytes user_data                              nullable
 * </pre>
 *
 * <p>Spate writes version 3 of both. It reads any version 0..3 and, like Kafka, reads a higher
 * version as version 3 and ignores the bytes after the fields it knows (later versions only add
 * fields at the end); fields a lower version lacks take their defaults (no owned partitions,
 * generation -1, no rack). As in Kafka, subscribed topics are written sorted, owned partitions
 * sorted and grouped by topic, assigned partitions grouped by topic in order of first appearance,
 * and an empty rack id reads as none. Stateless and thread-safe.
 */
public final class ConsumerProtocol {
    /** The protocol type name members give in JoinGroup. */
    public static final String PROTOCOL_TYPE = "consumer";
    /** The version Spate writes, and the highest it understands field by field. */
    public static final short CURRENT_VERSION = 3;

    private static final String SUBSCRIPTION = "subscription";
    private static final String ASSIGNMENT = "assignment";
    /** Smallest encodings, used to refuse impossible counts before allocating: empty string, empty group. */
    private static final int MIN_STRING_BYTES = 2;
    private static final int MIN_TOPIC_GROUP_BYTES = 2 + 4;

    private ConsumerProtocol() {
    }

    /** Version 3 bytes of {@code s} (its group instance id is not part of them), positioned at 0. */
    public static ByteBuffer encodeSubscription(Subscription s) {
        List<String> topics = new ArrayList<>(s.topics());
        topics.sort(null);
        List<TopicPartition> owned = new ArrayList<>(s.ownedPartitions());
        owned.sort(null);
        ProtocolWriter w = new ProtocolWriter();
        w.int16(CURRENT_VERSION);
        w.int32(topics.size());
        topics.forEach(w::string);
        w.nullableBytes(s.userData());
        writeTopicGroups(w, owned);
        w.int32(s.generationId());
        w.nullableString(s.rackId().orElse(null));
        return w.toByteBuffer();
    }

    /** Version 3 bytes of {@code a}, positioned at 0. */
    public static ByteBuffer encodeAssignment(Assignment a) {
        ProtocolWriter w = new ProtocolWriter();
        w.int16(CURRENT_VERSION);
        writeTopicGroups(w, a.partitions());
        w.nullableBytes(a.userData());
        return w.toByteBuffer();
    }

    /**
     * Reads a subscription of any version from {@code bytes}' position to its limit without moving
     * that position; the user data shares {@code bytes}' memory.
     *
     * @throws InvalidConsumerProtocolException if the bytes are not a subscription
     */
    public static Subscription decodeSubscription(ByteBuffer bytes) {
        ProtocolReader r = new ProtocolReader(bytes, SUBSCRIPTION);
        short version = readVersion(r);
        int topicCount = r.readArrayCount("topics", MIN_STRING_BYTES);
        List<String> topics = new ArrayList<>(topicCount);
        for (int i = 0; i < topicCount; i++) {
            topics.add(r.readString("topic"));
        }
        ByteBuffer userData = r.readNullableBytes("user_data");
        List<TopicPartition> owned = version >= 1 ? readTopicGroups(r, "owned_partitions") : List.of();
        int generation = version >= 2 ? r.readInt32("generation_id") : Subscription.NO_GENERATION;
        String rack = version >= 3 ? r.readNullableString("rack_id") : null;
        Optional<String> rackId = rack == null || rack.isEmpty() ? Optional.empty() : Optional.of(rack);
        return new Subscription(topics, userData, owned, generation, rackId);
    }

    /**
     * Reads an assignment of any version from {@code bytes}' position to its limit without moving
     * that position; the user data shares {@code bytes}' memory.
     *
     * @throws InvalidConsumerProtocolException if the bytes are not an assignment
     */
    public static Assignment decodeAssignment(ByteBuffer bytes) {
        ProtocolReader r = new ProtocolReader(bytes, ASSIGNMENT);
        readVersion(r);
        List<TopicPartition> partitions = readTopicGroups(r, "assigned_partitions");
        return new Assignment(partitions, r.readNullableBytes("user_data"));
    }

    private static short readVersion(ProtocolReader r) {
        short version = r.readInt16("version");
        if (version < 0) {
            throw r.fail("negative version " + version);
        }
        return version;
    }

    /** Groups partitions by topic, topics in order of first appearance, partitions in given order. */
    private static void writeTopicGroups(ProtocolWriter w, List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        w.int32(byTopic.size());
        byTopic.forEach((topic, ids) -> {
            w.string(topic);
            w.int32(ids.size());
            ids.forEach(w::int32);
        });
    }

    private static List<TopicPartition> readTopicGroups(ProtocolReader r, String field) {
        int groups = r.readArrayCount(field, MIN_TOPIC_GROUP_BYTES);
        List<TopicPartition> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String topic = r.readString(field + ".topic");
            int count = r.readArrayCount(field + ".partitions", Integer.BYTES);
            for (int i = 0; i < count; i++) {
                out.add(new TopicPartition(topic, r.readInt32(field + ".partition")));
            }
        }
        return out;
    }

    /** UTF-8 bytes of a protocol string, refusing what an int16 length cannot carry. */
    static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + b.length + " bytes exceeds " + Short.MAX_VALUE);
        }
        return b;
    }
}
