package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.client.ConsumerRecord;
import io.spate.record.TimestampType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines consume prints per record. */
class RecordPrinterTest {
    private static final ConsumerRecord KEYED = new ConsumerRecord("t", 2, 41, 1_000, TimestampType.CREATE_TIME,
            "k".getBytes(StandardCharsets.UTF_8), "välue".getBytes(StandardCharsets.UTF_8), List.of());
    private static final ConsumerRecord NULLS = new ConsumerRecord("t", 0, 5, 1_000, TimestampType.CREATE_TIME,
            null, null, List.of());

    private static String print(boolean json, boolean key, boolean offset, ConsumerRecord... records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        RecordPrinter printer = new RecordPrinter(out, json, key, offset);
        for (ConsumerRecord r : records) {
            printer.print(r);
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void valueOnlyByDefault() {
        assertEquals("välue\nnull\n", print(false, false, false, KEYED, NULLS));
    }

    @Test
    void keyAndOffsetPrefixesAreTabSeparated() {
        assertEquals("Partition:2\tOffset:41\tk\tvälue\nPartition:0\tOffset:5\tnull\tnull\n",
                print(false, true, true, KEYED, NULLS));
    }

    @Test
    void jsonIsOneDocumentPerLine() {
        String[] lines = print(true, false, false, KEYED, NULLS).split("\n");
        assertEquals(2, lines.length);
        JsonNode first = Json.parse(lines[0]);
        assertEquals("t", first.get("topic").asText());
        assertEquals(2, first.get("partition").asInt());
        assertEquals(41, first.get("offset").asLong());
        assertEquals("k", first.get("key").asText());
        assertEquals("välue", first.get("value").asText());
        assertTrue(Json.parse(lines[1]).get("key").isNull());
    }
}
