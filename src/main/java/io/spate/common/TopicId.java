package io.spate.common;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * A topic's id (Kafka's KIP-516 topic UUID): 128 bits, given when the topic is created and kept for
 * its whole life, so a topic deleted and created again under the same name has a new one. Kafka's
 * Fetch (v13+) and Metadata (v10+) name topics by it.
 *
 * <p>The same value as Kafka's {@code org.apache.kafka.common.Uuid}, without depending on it: on the
 * wire two int64s, {@link #mostSignificantBits} then {@link #leastSignificantBits}; as text
 * ({@link #toString}, {@link #parse}) the 16 bytes in that order in URL-safe base64 without padding
 * (22 characters), as Kafka's tools print it. {@link #random} follows Kafka's {@code randomUuid}: a
 * version 4 UUID that is never {@link #ZERO} (Kafka's "no id"), never {@link #METADATA_TOPIC_ID}
 * (0, 1; reserved by Kafka for its metadata log), and never one whose text starts with {@code '-'}
 * (it would read as an option on a command line).
 */
public record TopicId(long mostSignificantBits, long leastSignificantBits) implements Comparable<TopicId> {
    /** Kafka's {@code Uuid.ZERO_UUID}: "no topic id" on the wire; never given to a topic. */
    public static final TopicId ZERO = new TopicId(0L, 0L);
    /** Kafka's {@code Uuid.METADATA_TOPIC_ID} (= {@code ONE_UUID}): reserved, never given to a topic. */
    public static final TopicId METADATA_TOPIC_ID = new TopicId(0L, 1L);
    /** The length of {@link #toString()}: 16 bytes in base64 without padding. */
    public static final int TEXT_LENGTH = 22;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A fresh random id: never reserved, never starting with {@code '-'} as text. */
    public static TopicId random() {
        return random(UUID::randomUUID);
    }

    /** {@link #random()} drawing from {@code source} (a test's, to see the rules applied). */
    static TopicId random(java.util.function.Supplier<UUID> source) {
        while (true) {
            UUID u = source.get();
            TopicId id = new TopicId(u.getMostSignificantBits(), u.getLeastSignificantBits());
            if (id.isAssignable()) {
                return id;
            }
        }
    }

    /** A fresh random id (as {@link #random()}) that {@code taken} does not hold. */
    public static TopicId random(java.util.function.Predicate<TopicId> taken) {
        while (true) {
            TopicId id = random();
            if (!taken.test(id)) {
                return id;
            }
        }
    }

    /** Whether {@link #random} could give this id: not reserved and not starting with {@code '-'} as text. */
    public boolean isAssignable() {
        return !equals(ZERO) && !equals(METADATA_TOPIC_ID) && !toString().startsWith("-");
    }

    /**
     * The id {@code text} names ({@link #toString()}'s form; padding {@code "=="} is accepted, as
     * Kafka's {@code Uuid.fromString} does).
     *
     * @throws IllegalArgumentException when {@code text} is not 16 bytes in URL-safe base64
     */
    public static TopicId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a topic id is 22 characters of URL-safe base64, was null");
        }
        if (text.length() > TEXT_LENGTH + 2) {
            throw new IllegalArgumentException("a topic id is 22 characters of URL-safe base64, '"
                    + text.substring(0, TEXT_LENGTH + 2) + "…' is longer");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a topic id is 22 characters of URL-safe base64, '" + text + "' is not: "
                    + e.getMessage(), e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a topic id is 16 bytes, '" + text + "' decodes to " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new TopicId(b.getLong(), b.getLong());
    }

    /** The 16 bytes, most significant first. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(16).putLong(mostSignificantBits).putLong(leastSignificantBits).array();
    }

    /** URL-safe base64 of the 16 bytes without padding, 22 characters (as Kafka prints a topic id). */
    @Override
    public String toString() {
        return ENCODER.encodeToString(toBytes());
    }

    /** Kafka's order: by the signed most significant bits, then the signed least. */
    @Override
    public int compareTo(TopicId other) {
        int c = Long.compare(mostSignificantBits, other.mostSignificantBits);
        return c != 0 ? c : Long.compare(leastSignificantBits, other.leastSignificantBits);
    }
}
