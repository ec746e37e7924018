package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The argument forms of {@code spate group reset-offsets}: {@code --topic T[:P,…]} and ISO-8601 times. */
class GroupArgumentsTest {
    @Test
    void aTopicAloneMeansAllItsPartitions() {
        TopicSelection s = TopicSelection.parse("orders");
        assertEquals("orders", s.topic());
        assertTrue(s.allPartitions());
    }

    @Test
    void listedPartitionsAreSortedWithoutDuplicates() {
        assertEquals(new TopicSelection("orders", List.of(0, 2, 5)), TopicSelection.parse("orders:5,0, 2,5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {":1", "orders:", "orders:1,,2", "orders:x", "orders:-1", "orders:1.5"})
    void malformedTopicArgumentsAreRefused(String arg) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicSelection.parse(arg));
        assertTrue(e.getMessage().contains("TOPIC:P,P"), e.getMessage());
    }

    @Test
    void dateTimesWithAnOffsetOrZoneLessInTheLocalZone() {
        Instant noon = Instant.parse("2024-05-01T12:00:00Z");
        assertEquals(noon, Converters.DateTime.parse("2024-05-01T12:00:00Z", ZoneOffset.UTC));
        assertEquals(noon, Converters.DateTime.parse("2024-05-01T14:00:00+02:00", ZoneOffset.UTC));
        assertEquals(noon.plusMillis(250), Converters.DateTime.parse("2024-05-01T12:00:00.250Z", ZoneOffset.UTC));
        assertEquals(noon, Converters.DateTime.parse("2024-05-01T09:00:00", ZoneOffset.ofHours(-3)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-05-01", "2024-13-01T00:00:00Z", "1714564800000", ""})
    void otherTimesAreRefused(String value) {
        TypeConversionException e = assertThrows(TypeConversionException.class,
                () -> Converters.DateTime.parse(value, ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("ISO-8601"), e.getMessage());
    }
}
