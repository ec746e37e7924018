package io.spate.client.assignor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads of the consumer protocol's primitive types from a private view of the
 * caller's buffer; every failure is an {@link InvalidConsumerProtocolException} naming the structure
 * and the offset from its first byte. Not thread-safe; one reader per decode.
 */
final class ProtocolReader {
    private final ByteBuffer buf;
    private final int start;
    private final String structure;
    /** Where the field being read began: errors point at the field, not into it. */
    private int fieldStart;

    ProtocolReader(ByteBuffer bytes, String structure) {
        this.buf = bytes.duplicate();
        this.start = buf.position();
        this.structure = structure;
    }

    short readInt16(String field) {
        fieldStart = buf.position();
        need(Short.BYTES, field);
        return buf.getShort();
    }

    int readInt32(String field) {
        fieldStart = buf.position();
        need(Integer.BYTES, field);
        return buf.getInt();
    }

    /** A non-null string. */
    String readString(String field) {
        String s = readNullableString(field);
        if (s == null) {
            throw fail(field + " is null");
        }
        return s;
    }

    /** A string whose length -1 means null; invalid UTF-8 is replaced (U+FFFD), as Kafka does. */
    String readNullableString(String field) {
        int length = readInt16(field);
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw fail(field + " has negative length " + length);
        }
        need(length, field);
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Bytes whose length -1 means null; the result shares the caller's buffer. */
    ByteBuffer readNullableBytes(String field) {
        int length = readInt32(field);
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw fail(field + " has negative length " + length);
        }
        need(length, field);
        ByteBuffer slice = buf.slice();
        slice.limit(length);
        buf.position(buf.position() + length);
        return slice;
    }

    /**
     * The count of a non-nullable array whose items take at least {@code minItemBytes} each; a count
     * that the remaining bytes cannot hold is refused before anything is allocated for it.
     */
    int readArrayCount(String field, int minItemBytes) {
        int count = readInt32(field);
        if (count < 0) {
            throw fail(field + " has count " + count + " (null or negative)");
        }
        if ((long) count * minItemBytes > buf.remaining()) {
            throw fail(field + " has count " + count + " but only " + buf.remaining() + " bytes remain");
        }
        return count;
    }

    private void need(int bytes, String field) {
        if (buf.remaining() < bytes) {
            throw fail(field + " needs " + bytes + " bytes, " + buf.remaining() + " remain");
        }
    }

    /** An error at the start of the last field read. */
    InvalidConsumerProtocolException fail(String message) {
        return new InvalidConsumerProtocolException(structure, message, fieldStart - start);
    }
}
