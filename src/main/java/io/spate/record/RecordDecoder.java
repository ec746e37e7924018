package io.spate.record;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
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
     * @param batchPosition for messages: where the batch starts in its buffer
     */
    static <T> List<T> decode(ByteBuffer records, int declaredCount, long baseOffset, long baseTimestamp,
                              boolean logAppendTime, long maxTimestamp, int batchPosition, RecordMapper<T> mapper) {
        if (declaredCount < 0) {
            throw new CorruptRecordException("batch at " + batchPosition + " has a negative record count "
                    + declaredCount);
        }
        List<T> out = new ArrayList<>(Math.min(declaredCount, records.remaining() / MIN_RECORD_BYTES));
        while (records.hasRemaining()) {
            if (out.size() == declaredCount) {
                throw new CorruptRecordException("batch at " + batchPosition + " holds more records than its count "
                        + declaredCount);
            }
            try {
                out.add(decodeOne(records, baseOffset, baseTimestamp, logAppendTime, maxTimestamp, mapper));
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

    private static <T> T decodeOne(ByteBuffer in, long baseOffset, long baseTimestamp, boolean logAppendTime,
                                   long maxTimestamp, RecordMapper<T> mapper) {
        int length = Varint.readVarint(in);
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("record length " + length + " with " + in.remaining() + " bytes left");
        }
        int end = in.position() + length;
        in.get(); // attributes: unused in v2
        long timestampDelta = Varint.readVarlong(in);
        int offsetDelta = Varint.readVarint(in);
        byte[] key = readBytes(in, end, "key");
        byte[] value = readBytes(in, end, "value");
        int headerCount = Varint.readVarint(in);
        // a header takes at least two bytes: this bounds the list before it is allocated
        if (headerCount < 0 || headerCount > (end - in.position()) / 2) {
            throw new IllegalArgumentException("header count " + headerCount + " with " + (end - in.position())
                    + " bytes left in the record");
        }
        List<Header> headers = List.of();
        if (headerCount > 0) {
            Header[] array = new Header[headerCount];
            for (int i = 0; i < headerCount; i++) {
                int keyLength = Varint.readVarint(in);
                if (keyLength < 0 || keyLength > end - in.position()) {
                    throw new IllegalArgumentException("header key length " + keyLength);
                }
                String headerKey = Utf8.read(in, in.position(), keyLength);
                in.position(in.position() + keyLength);
                array[i] = new Header(headerKey, readBytes(in, end, "header value"));
            }
            headers = Collections.unmodifiableList(Arrays.asList(array));
        }
        if (in.position() != end) {
            throw new IllegalArgumentException("record declares " + length + " bytes but its fields take "
                    + (length - (end - in.position())));
        }
        long timestamp = logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta;
        return mapper.map(baseOffset + offsetDelta, timestamp, key, value, headers);
    }

    /** A varint length (-1 = null) and that many bytes, all inside the record ending at {@code end}. */
    private static byte[] readBytes(ByteBuffer in, int end, String what) {
        int length = Varint.readVarint(in);
        if (length == -1) {
            return null;
        }
        if (length < -1 || length > end - in.position()) {
            throw new IllegalArgumentException(what + " length " + length + " with " + (end - in.position())
                    + " bytes left in the record");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
