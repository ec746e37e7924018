package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Readers and writers of the primitive types of docs/protocol.md, big-endian:
 *
 * <pre>
 * int8/int16/int32/int64  1, 2, 4, 8 bytes
 * bool                    int8, 0 = false, 1 = true (anything else is malformed)
 * string                  int16 length N, N bytes of UTF-8; N = -1 is null
 * bytes                   int32 length N, N bytes; N = -1 is null
 * array&lt;T&gt;                int32 count N, N items; N = -1 is null
 * records                 int32 length N, N bytes; N = -1 is null
 * </pre>
 *
 * <p>Every reader checks {@code readableBytes()} before it reads or allocates and throws
 * {@link MalformedMessageException} on underflow, on a negative length or count other than -1, and
 * on -1 where the field may not be null; a count is also checked against the bytes left (each item
 * takes at least {@code minItemBytes}), so a huge count never allocates. Invalid UTF-8 is replaced,
 * not rejected. Writers throw {@link IllegalArgumentException} for values the format cannot hold.
 * Stateless; any thread.
 */
public final class Wire {
    /** The wire length of a null string, bytes, array or records field. */
    public static final int NULL_LENGTH = -1;

    private Wire() {
    }

    public static byte readInt8(ByteBuf in) {
        require(in, 1, "int8");
        return in.readByte();
    }

    public static short readInt16(ByteBuf in) {
        require(in, 2, "int16");
        return in.readShort();
    }

    public static int readInt32(ByteBuf in) {
        require(in, 4, "int32");
        return in.readInt();
    }

    public static long readInt64(ByteBuf in) {
        require(in, 8, "int64");
        return in.readLong();
    }

    public static boolean readBool(ByteBuf in) {
        byte b = readInt8(in);
        if (b != 0 && b != 1) {
            throw new MalformedMessageException("bool must be 0 or 1, was " + b, in.readerIndex() - 1);
        }
        return b == 1;
    }

    public static void writeBool(ByteBuf out, boolean value) {
        out.writeByte(value ? 1 : 0);
    }

    /** An error code; a number this build does not know reads as {@link ErrorCode#UNKNOWN_SERVER_ERROR}. */
    public static ErrorCode readError(ByteBuf in) {
        return ErrorCode.forCode(readInt16(in));
    }

    public static void writeError(ByteBuf out, ErrorCode error) {
        out.writeShort(error.code());
    }

    /** A string that may not be null on the wire. */
    public static String readString(ByteBuf in) {
        String s = readNullableString(in);
        if (s == null) {
            throw new MalformedMessageException("null string where a value is required", in.readerIndex() - 2);
        }
        return s;
    }

    public static String readNullableString(ByteBuf in) {
        int length = readInt16(in);
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0) {
            throw new MalformedMessageException("negative string length " + length, in.readerIndex() - 2);
        }
        require(in, length, "string of " + length + " bytes");
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    public static void writeString(ByteBuf out, String value) {
        if (value == null) {
            throw new IllegalArgumentException("string field may not be null");
        }
        writeNullableString(out, value);
    }

    public static void writeNullableString(ByteBuf out, String value) {
        if (value == null) {
            out.writeShort(NULL_LENGTH);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes exceeds " + Short.MAX_VALUE);
        }
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    /**
     * An array that may not be null; the result is unmodifiable. Each item takes at least
     * {@code minItemBytes} on the wire, which bounds the count by the bytes left.
     */
    public static <T> List<T> readArray(ByteBuf in, int minItemBytes, Function<ByteBuf, T> item) {
        List<T> list = readNullableArray(in, minItemBytes, item);
        if (list == null) {
            throw new MalformedMessageException("null array where a value is required", in.readerIndex() - 4);
        }
        return list;
    }

    public static <T> List<T> readNullableArray(ByteBuf in, int minItemBytes, Function<ByteBuf, T> item) {
        int count = readInt32(in);
        if (count == NULL_LENGTH) {
            return null;
        }
        if (count < 0) {
            throw new MalformedMessageException("negative array count " + count, in.readerIndex() - 4);
        }
        if ((long) count * Math.max(1, minItemBytes) > in.readableBytes()) {
            throw new MalformedMessageException("array count " + count + " exceeds the "
                    + in.readableBytes() + " bytes left", in.readerIndex() - 4);
        }
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(item.apply(in));
        }
        return Collections.unmodifiableList(list);
    }

    public static <T> void writeArray(ByteBuf out, List<T> items, BiConsumer<ByteBuf, T> item) {
        if (items == null) {
            throw new IllegalArgumentException("array field may not be null");
        }
        writeNullableArray(out, items, item);
    }

    public static <T> void writeNullableArray(ByteBuf out, List<T> items, BiConsumer<ByteBuf, T> item) {
        if (items == null) {
            out.writeInt(NULL_LENGTH);
            return;
        }
        out.writeInt(items.size());
        for (T t : items) {
            item.accept(out, t);
        }
    }

    /** An array of int32, for replica lists. */
    public static List<Integer> readInt32Array(ByteBuf in) {
        return readArray(in, 4, Wire::readInt32);
    }

    public static void writeInt32Array(ByteBuf out, List<Integer> items) {
        writeArray(out, items, (o, i) -> o.writeInt(i));
    }

    /** An array of non-null strings. */
    public static List<String> readStringArray(ByteBuf in) {
        return readArray(in, 2, Wire::readString);
    }

    public static List<String> readNullableStringArray(ByteBuf in) {
        return readNullableArray(in, 2, Wire::readString);
    }

    /** A {@code bytes} field that may not be null on the wire, copied out of {@code in}. */
    public static byte[] readBytes(ByteBuf in) {
        byte[] b = readNullableBytes(in);
        if (b == null) {
            throw new MalformedMessageException("null bytes where a value is required", in.readerIndex() - 4);
        }
        return b;
    }

    /**
     * A {@code bytes} field copied out of {@code in} (so it outlives the frame); {@code null} when the
     * wire says -1. The length is checked against the bytes left before anything is allocated.
     */
    public static byte[] readNullableBytes(ByteBuf in) {
        int length = readInt32(in);
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0) {
            throw new MalformedMessageException("negative bytes length " + length, in.readerIndex() - 4);
        }
        require(in, length, "bytes of " + length + " bytes");
        byte[] b = new byte[length];
        in.readBytes(b);
        return b;
    }

    public static void writeBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("bytes field may not be null");
        }
        writeNullableBytes(out, value);
    }

    public static void writeNullableBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeInt(NULL_LENGTH);
            return;
        }
        out.writeInt(value.length);
        out.writeBytes(value);
    }

    /**
     * A {@code records} field: a slice of {@code in} (shared content, not retained, not copied),
     * valid only while {@code in}'s memory lives; {@code null} when the wire says -1.
     */
    public static ByteBuf readRecords(ByteBuf in) {
        int length = readInt32(in);
        if (length == NULL_LENGTH) {
            return null;
        }
        if (length < 0) {
            throw new MalformedMessageException("negative records length " + length, in.readerIndex() - 4);
        }
        require(in, length, "records of " + length + " bytes");
        return in.readSlice(length);
    }

    /** Writes the readable bytes of {@code records} (or -1 for null) without moving its reader index. */
    public static void writeRecords(ByteBuf out, ByteBuf records) {
        if (records == null) {
            out.writeInt(NULL_LENGTH);
            return;
        }
        out.writeInt(records.readableBytes());
        if (records.nioBufferCount() <= 1) {
            out.writeBytes(records, records.readerIndex(), records.readableBytes());
            return;
        }
        // part by part: copying a composite (a producer's batches back to back) in one call makes
        // Netty merge its parts into a temporary buffer first, a second copy of every produced byte
        for (ByteBuffer part : records.nioBuffers(records.readerIndex(), records.readableBytes())) {
            out.writeBytes(part);
        }
    }

    /** Throws unless {@code n} more bytes are readable. */
    public static void require(ByteBuf in, int n, String what) {
        if (in.readableBytes() < n) {
            throw new MalformedMessageException("truncated: " + what + " needs " + n + " bytes, "
                    + in.readableBytes() + " left", in.readerIndex());
        }
    }

    /** Throws unless every byte of {@code in} has been read: trailing bytes mean a malformed body. */
    public static void requireFullyRead(ByteBuf in) {
        if (in.isReadable()) {
            throw new MalformedMessageException(in.readableBytes() + " unexpected trailing bytes", in.readerIndex());
        }
    }
}
