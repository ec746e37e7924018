package io.spate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.ConsumerRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * How {@code spate consume} prints a record. Text: the value's bytes as they are, one line each,
 * preceded with {@code --print-offset} by {@code Partition:P<TAB>Offset:N<TAB>} and with
 * {@code --print-key} by the key and a tab (a null key or value prints as {@code null}, as Kafka's
 * console consumer does). JSON: one object per line (JSON Lines), {@code {"topic", "partition",
 * "offset", "timestamp", "key", "value"}} with key and value as UTF-8 text or null.
 */
final class RecordPrinter {
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final PrintStream out;
    private final boolean json;
    private final boolean printKey;
    private final boolean printOffset;

    RecordPrinter(PrintStream out, boolean json, boolean printKey, boolean printOffset) {
        this.out = out;
        this.json = json;
        this.printKey = printKey;
        this.printOffset = printOffset;
    }

    void print(ConsumerRecord r) {
        if (json) {
            Json.printLine(out, toJson(r));
            return;
        }
        if (printOffset) {
            out.print("Partition:" + r.partition() + "\tOffset:" + r.offset() + "\t");
        }
        if (printKey) {
            out.write(r.key() == null ? NULL : r.key(), 0, r.key() == null ? NULL.length : r.key().length);
            out.print('\t');
        }
        byte[] value = r.value() == null ? NULL : r.value();
        out.write(value, 0, value.length);
        out.print('\n');
    }

    static ObjectNode toJson(ConsumerRecord r) {
        ObjectNode node = Json.object();
        node.put("topic", r.topic());
        node.put("partition", r.partition());
        node.put("offset", r.offset());
        node.put("timestamp", r.timestamp());
        node.put("key", r.keyString());
        node.put("value", r.valueString());
        return node;
    }
}
