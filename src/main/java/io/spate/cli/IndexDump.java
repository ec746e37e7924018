package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * Prints a segment's {@code .index} or {@code .timeindex} file as kafka-dump-log does, one line per
 * entry with absolute offsets (the file's base offset, from its name, plus the stored relative
 * offset):
 * <pre>
 * .index       offset: O position: P        (8-byte entries: int32 relative offset, int32 position)
 * .timeindex   timestamp: T offset: O       (12-byte entries: int64 timestamp, int32 relative offset)
 * </pre>
 * The entries end at the first all-zero entry (an index not yet trimmed, the active segment's, is
 * preallocated with zeros, which Kafka's tool skips the same way) or at the end of the file; bytes
 * after the last whole entry are reported on a last line. Under {@code --json}: {@code {"file",
 * "baseOffsetFromName", "entries": [{"offset", "position"} | {"timestamp", "offset"}],
 * "trailingBytes"}}.
 */
final class IndexDump {
    /** The two index files of a segment, by their file name suffix. */
    enum Kind {
        OFFSET(".index", 8),
        TIME(".timeindex", 12);

        final String suffix;
        final int entrySize;

        Kind(String suffix, int entrySize) {
            this.suffix = suffix;
            this.entrySize = entrySize;
        }
    }

    private IndexDump() {
    }

    static void text(PrintStream out, Kind kind, String file, Long baseOffsetFromName, ByteBuffer bytes) {
        out.println("Dumping " + file);
        long base = baseOffsetFromName == null ? 0 : baseOffsetFromName;
        if (baseOffsetFromName == null) {
            out.println("The file name carries no base offset: the offsets below are relative to the segment's base offset");
        }
        int entries = entries(kind, bytes);
        for (int i = 0; i < entries; i++) {
            int slot = i * kind.entrySize;
            if (kind == Kind.OFFSET) {
                out.println("offset: " + (base + bytes.getInt(slot)) + " position: " + bytes.getInt(slot + 4));
            } else {
                out.println("timestamp: " + bytes.getLong(slot) + " offset: " + (base + bytes.getInt(slot + 8)));
            }
        }
        int trailing = trailingBytes(kind, bytes);
        if (trailing > 0) {
            out.println("Trailing " + trailing + " bytes at position " + (bytes.limit() - trailing)
                    + " (not a whole entry of " + kind.entrySize + " bytes)");
        }
    }

    static ObjectNode json(Kind kind, String file, Long baseOffsetFromName, ByteBuffer bytes) {
        ObjectNode root = Json.object().put("file", file);
        if (baseOffsetFromName == null) {
            root.putNull("baseOffsetFromName");
        } else {
            root.put("baseOffsetFromName", baseOffsetFromName);
        }
        long base = baseOffsetFromName == null ? 0 : baseOffsetFromName;
        ArrayNode array = root.putArray("entries");
        int entries = entries(kind, bytes);
        for (int i = 0; i < entries; i++) {
            int slot = i * kind.entrySize;
            if (kind == Kind.OFFSET) {
                array.addObject().put("offset", base + bytes.getInt(slot)).put("position", bytes.getInt(slot + 4));
            } else {
                array.addObject().put("timestamp", bytes.getLong(slot)).put("offset", base + bytes.getInt(slot + 8));
            }
        }
        return root.put("trailingBytes", trailingBytes(kind, bytes));
    }

    /** The whole entries before the first all-zero one. */
    private static int entries(Kind kind, ByteBuffer bytes) {
        int whole = bytes.limit() / kind.entrySize;
        for (int i = 0; i < whole; i++) {
            if (allZero(bytes, i * kind.entrySize, kind.entrySize)) {
                return i;
            }
        }
        return whole;
    }

    /** Bytes after the last whole entry, when the entries run to the end of the file. */
    private static int trailingBytes(Kind kind, ByteBuffer bytes) {
        int whole = bytes.limit() / kind.entrySize;
        return entries(kind, bytes) < whole ? 0 : bytes.limit() % kind.entrySize;
    }

    private static boolean allZero(ByteBuffer bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
