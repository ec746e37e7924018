package io.spate.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The topic id is Kafka's Uuid: the same rules for a new one, the same text, the same order. */
class TopicIdTest {
    /** Text starting with '-' (index 62 of the URL-safe alphabet: the first 6 bits 111110). */
    private static final TopicId DASH = new TopicId(0xF8L << 56, 7L);

    @Test
    void randomSkipsZeroTheMetadataTopicIdAndTextStartingWithADash() {
        ArrayDeque<UUID> draws = new ArrayDeque<>(List.of(new UUID(0, 0), new UUID(0, 1),
                new UUID(DASH.mostSignificantBits(), DASH.leastSignificantBits()), new UUID(42, 43)));
        assertTrue(DASH.toString().startsWith("-"), DASH.toString());
        assertEquals(new TopicId(42, 43), TopicId.random(draws::poll), "the first draw that breaks no rule");
        assertTrue(draws.isEmpty());
        for (TopicId reserved : List.of(TopicId.ZERO, TopicId.METADATA_TOPIC_ID, DASH)) {
            assertFalse(reserved.isAssignable(), reserved.toString());
        }
        // as Kafka's reserved values
        assertEquals(Uuid.ZERO_UUID.toString(), TopicId.ZERO.toString());
        assertEquals(Uuid.METADATA_TOPIC_ID.toString(), TopicId.METADATA_TOPIC_ID.toString());
    }

    @Test
    void randomIdsAreAssignableVersion4AndDistinct() {
        Set<TopicId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            TopicId id = TopicId.random();
            assertTrue(id.isAssignable(), id.toString());
            assertFalse(id.toString().startsWith("-"), id.toString());
            assertEquals(4, new UUID(id.mostSignificantBits(), id.leastSignificantBits()).version());
            assertTrue(seen.add(id), "drawn twice: " + id);
        }
    }

    @Test
    void randomAvoidsTakenIds() {
        TopicId first = TopicId.random();
        ArrayDeque<TopicId> drawn = new ArrayDeque<>();
        TopicId id = TopicId.random(candidate -> {
            drawn.add(candidate);
            return drawn.size() < 3; // the first two are "taken"
        });
        assertEquals(3, drawn.size());
        assertEquals(drawn.getLast(), id);
        assertNotEquals(first, id);
    }

    @Test
    void textIsKafkasBase64AndParsesBack() {
        List<TopicId> ids = new java.util.ArrayList<>(List.of(TopicId.ZERO, TopicId.METADATA_TOPIC_ID, DASH,
                new TopicId(-1L, -1L), new TopicId(Long.MIN_VALUE, Long.MAX_VALUE)));
        for (int i = 0; i < 1000; i++) {
            ids.add(TopicId.random());
        }
        for (TopicId id : ids) {
            Uuid kafka = new Uuid(id.mostSignificantBits(), id.leastSignificantBits());
            assertEquals(kafka.toString(), id.toString());
            assertEquals(TopicId.TEXT_LENGTH, id.toString().length());
            assertEquals(id, TopicId.parse(kafka.toString()));
            assertEquals(id, TopicId.parse(kafka.toString() + "=="), "padding accepted, as Kafka does");
            Uuid back = Uuid.fromString(id.toString());
            assertEquals(id.mostSignificantBits(), back.getMostSignificantBits());
            assertEquals(id.leastSignificantBits(), back.getLeastSignificantBits());
            assertEquals(id.hashCode(), new TopicId(id.mostSignificantBits(), id.leastSignificantBits()).hashCode());
        }
        TopicId fromKafka = TopicId.parse(Uuid.randomUuid().toString());
        assertTrue(fromKafka.isAssignable());
        assertArrayEquals(java.nio.ByteBuffer.allocate(16).putLong(DASH.mostSignificantBits())
                .putLong(DASH.leastSignificantBits()).array(), DASH.toBytes());
    }

    @Test
    void orderIsKafkas() {
        List<TopicId> ids = new java.util.ArrayList<>(List.of(new TopicId(-1, 0), new TopicId(1, -1), new TopicId(1, 2),
                TopicId.ZERO, new TopicId(Long.MIN_VALUE, 5)));
        for (int i = 0; i < 200; i++) {
            ids.add(TopicId.random());
        }
        for (TopicId a : ids) {
            for (TopicId b : ids) {
                assertEquals(Integer.signum(new Uuid(a.mostSignificantBits(), a.leastSignificantBits())
                                .compareTo(new Uuid(b.mostSignificantBits(), b.leastSignificantBits()))),
                        Integer.signum(a.compareTo(b)), a + " vs " + b);
            }
        }
    }

    @Test
    void badTextIsRefusedWithAClearMessage() {
        for (String bad : List.of("", "abc", "AAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "+AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicId.parse(bad), bad);
            assertTrue(e.getMessage().contains("topic id"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Uuid.fromString(bad), "Kafka refuses '" + bad + "' too");
        }
        assertThrows(IllegalArgumentException.class, () -> TopicId.parse(null));
    }
}
