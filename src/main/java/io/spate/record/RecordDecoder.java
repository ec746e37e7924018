package io.spate.record;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Decodes the (uncompressed) records section of one batch into {@link Record}s, or whatever a
 * {@link RecordMapper} makes of each record's fields. Every length is
 * checked against the bytes that are really there before anything is allocated for it, so hostile
 * lengths and counts fail with {@link CorruptRecordException}, never with a huge allocation.
 */
final class RecordDecoder {
    /** The smallest encoded record: length, attributes, timestamp and offset deltas, null key,
     *  null value, header count, one byte each. */
    static final int MIN_RECORD_BYTES = 7;

    private RecordDecoder() {
    }

    /**
     * @param records       the records section between position and limit; its position advances
     *                      to the limit
     * @param batchPosition for messages: where the batch starts in its buffer
     */
    static <T> List<T> decode(ByteBuffer records, int declaredCount, long baseOffset, long baseTimestamp,
                              boolean logAppendTime, long maxTimestamp, int batchPosition, RecordMapper<T> mapper) {
        if (declaredCount < 0) {
            throw new CorruptRecordException("batch at " + batchPosition + " has a negative record count "
                    + declaredCount);
        }
        // decoded from an array with an index: per byte, one bounds check against the section's end,
        // not a Buffer's position/limit bookkeeping (the consumer decodes millions of records a second)
        Cursor in;
        if (records.hasArray()) {
            int from = records.arrayOffset() + records.position();
            in = new Cursor(records.array(), from, from + records.remaining());
        } else {
            byte[] copy = new byte[records.remaining()];
            records.duplicate().get(copy);
            in = new Cursor(copy, 0, copy.length);
        }
        records.position(records.limit());
        List<T> out = new ArrayList<>(Math.min(declaredCount, in.remaining() / MIN_RECORD_BYTES));
        while (in.remaining() > 0) {
            if (out.size() == declaredCount) {
                throw new CorruptRecordException("batch at " + batchPosition + " holds more records than its count "
                        + declaredCount);
            }
            try {
                out.add(decodeOne(in, baseOffset, baseTimestamp, logAppendTime, maxTimestamp, mapper));
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new CorruptRecordException("batch at " + batchPosition + ": record " + out.size()
                        + " is malformed: " + (e.getMessage() == null ? "ends early" : e.getMessage()), e);
            }
        }
        if (out.size() != declaredCount) {
            throw new CorruptRecordException("batch at " + batchPosition + " declares " + declaredCount
                    + " records but holds " + out.size());
        }
        return out;
    }

    private static <T> T decodeOne(Cursor in, long baseOffset, long baseTimestamp, boolean logAppendTime,
                                   long maxTimestamp, RecordMapper<T> mapper) {
        int length = in.readVarint();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("record length " + length + " with " + in.remaining() + " bytes left");
        }
        int end = in.pos + length;
        in.readByte(); // attributes: unused in v2
        long timestampDelta = in.readVarlong();
        int offsetDelta = in.readVarint();
        byte[] key = readBytes(in, end, "key");
        byte[] value = readBytes(in, end, "value");
        int headerCount = in.readVarint();
        // a header takes at least two bytes: this bounds the list before it is allocated
        if (headerCount < 0 || headerCount > (end - in.pos) / 2) {
            throw new IllegalArgumentException("header count " + headerCount + " with " + (end - in.pos)
                    + " bytes left in the record");
        }
        List<Header> headers = List.of();
        if (headerCount > 0) {
            Header[] array = new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                int keyLength = in.readVarint();
                if (keyLength < 0 || keyLength > end - in.pos) {
                    throw new IllegalArgumentException("header key length " + keyLength);
                }
                String headerKey = new String(in.bytes, in.pos, keyLength, StandardCharsets.UTF_8);
                in.pos += keyLength;
                array[i] = new Header(headerKey, readBytes(in, end, "header value"));
            }
            headers = Collections.unmodifiableList(Arrays.asList(array));
        }
        if (in.pos != end) {
            throw new IllegalArgumentException("record declares " + length + " bytes but its fields take "
                    + (length - (end - in.pos)));
        }
        long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        return mapper.map(baseOffset + offsetDelta, timestamp, key, value, headers);
    }

    /** A varint length (-1 = null) and that many bytes, all inside the record ending at {@code end}. */
    private static byte[] readBytes(Cursor in, int end, String what) {
        int length = in.readVarint();
        if (length == -1) {
            return null;
        }
        if (length < -1 || length > end - in.pos) {
            throw new IllegalArgumentException(what + " length " + length + " with " + (end - in.pos)
                    + " bytes left in the record");
        }
        byte[] bytes = Arrays.copyOfRange(in.bytes, in.pos, in.pos + length);
        in.pos += length;
        return bytes;
    }

    /**
     * A read position in {@code bytes[pos, limit)}; reading past the limit throws
     * {@link BufferUnderflowException}, a varint of more than 5 (varlong: 10) bytes
     * {@link IllegalArgumentException}, as {@link Varint}'s ByteBuffer readers do.
     */
    private static final class Cursor {
        final byte[] bytes;
        final int limit;
        int pos;

        Cursor(byte[] bytes, int pos, int limit) {
            this.bytes = bytes;
            this.pos = pos;
            this.limit = limit;
        }

        int remaining() {
            return limit - pos;
        }

        byte readByte() {
            if (pos >= limit) {
                throw new BufferUnderflowException();
            }
            return bytes[pos++];
        }

        /** A zig-zag varint. */
        int readVarint() {
            int raw = readByte();
            if (raw >= 0) { // one byte: most lengths and deltas of small records
                return (raw >>> 1) ^ -(raw & 1);
            }
            int value = raw & 0x7f;
            int shift = 7;
            int b;
            while (((b = readByte()) & 0x80) != 0) {
                value |= (b & 0x7f) << shift;
                shift += 7;
                if (shift > 28) {
                    throw new IllegalArgumentException("varint is longer than " + Varint.MAX_VARINT_BYTES
                            + " bytes (the 5th byte has its continuation bit set); value so far " + value);
                }
            }
            value |= b << shift;
            return (value >>> 1) ^ -(value & 1);
        }

        /** A zig-zag varlong. */
        long readVarlong() {
            long value = 0L;
            int shift = 0;
            long b;
            while (((b = readByte()) & 0x80) != 0) {
                value |= (b & 0x7f) << shift;
                shift += 7;
                if (shift > 63) {
                    throw new IllegalArgumentException("varlong is longer than " + Varint.MAX_VARLONG_BYTES
                            + " bytes (the 10th byte has its continuation bit set); value so far " + value);
                }
            }
            value |= b << shift;
            return (value >>> 1) ^ -(value & 1);
        }
    }
}
