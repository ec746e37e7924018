package io.spate.record;

import java.nio.ByteBuffer;

/**
 * Zig-zag variable-length integers exactly as Kafka's {@code ByteUtils} reads and writes them (the
 * protobuf encoding): the value is zig-zag mapped ({@code (n << 1) ^ (n >> 31)}) so that small
 * negative numbers stay short, then written seven bits at a time, least significant group first,
 * with the high bit of each byte set when more bytes follow.
 *
 * <p>An int takes 1 to 5 bytes, a long 1 to 10. A reader refuses a sixth (int) or eleventh (long)
 * byte with {@link IllegalArgumentException}; bits of the last allowed byte beyond the type's width
 * are dropped, as Kafka drops them. A buffer that ends mid-varint throws
 * {@link java.nio.BufferUnderflowException}. Reads and writes use and advance the buffer's position.
 *
 * <p>Stateless and thread-safe.
 */
public final class Varint {
    /** Most bytes a varint (int) takes. */
    public static final int MAX_VARINT_BYTES = 5;
    /** Most bytes a varlong (long) takes. */
    public static final int MAX_VARLONG_BYTES = 10;

    private Varint() {
    }

    /** Reads a zig-zag varint at the buffer's position. */
    public static int readVarint(ByteBuffer buffer) {
        int raw = readUnsignedVarint(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads a zig-zag varlong at the buffer's position. */
    public static long readVarlong(ByteBuffer buffer) {
        long raw = readUnsignedVarlong(buffer);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads an unsigned (not zig-zag) varint, as Kafka's {@code readUnsignedVarint}. */
    public static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        int shift = 0;
        int b;
        while (((b = buffer.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 28) {
                throw new IllegalArgumentException("varint is longer than " + MAX_VARINT_BYTES
                        + " bytes (the 5th byte has its continuation bit set); value so far " + value);
            }
        }
        return value | (b << shift);
    }

    /** Reads an unsigned (not zig-zag) varlong, as Kafka's {@code readUnsignedVarlong}. */
    public static long readUnsignedVarlong(ByteBuffer buffer) {
        long value = 0L;
        int shift = 0;
        long b;
        while (((b = buffer.get()) & 0x80) != 0) {
            value |= (b & 0x7f) << shift;
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("varlong is longer than " + MAX_VARLONG_BYTES
                        + " bytes (the 10th byte has its continuation bit set); value so far " + value);
            }
        }
        return value | (b << shift);
    }

    /** Writes {@code value} as a zig-zag varint at the buffer's position. */
    public static void writeVarint(int value, ByteBuffer buffer) {
        writeUnsignedVarint((value << 1) ^ (value >> 31), buffer);
    }

    /** Writes {@code value} as a zig-zag varlong at the buffer's position. */
    public static void writeVarlong(long value, ByteBuffer buffer) {
        writeUnsignedVarlong((value << 1) ^ (value >> 63), buffer);
    }

    /** Writes {@code value} as an unsigned varint (all 32 bits significant, no zig-zag). */
    public static void writeUnsignedVarint(int value, ByteBuffer buffer) {
        while ((value & 0xffffff80) != 0) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    /** Writes {@code value} as an unsigned varlong (all 64 bits significant, no zig-zag). */
    public static void writeUnsignedVarlong(long value, ByteBuffer buffer) {
        while ((value & 0xffffffffffffff80L) != 0L) {
            buffer.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    /** Bytes {@link #writeVarint} takes for {@code value}: 1 to 5. */
    public static int sizeOfVarint(int value) {
        return sizeOfUnsignedVarint((value << 1) ^ (value >> 31));
    }

    /** Bytes {@link #writeVarlong} takes for {@code value}: 1 to 10. */
    public static int sizeOfVarlong(long value) {
        return sizeOfUnsignedVarlong((value << 1) ^ (value >> 63));
    }

    /** Bytes {@link #writeUnsignedVarint} takes for {@code value}. */
    public static int sizeOfUnsignedVarint(int value) {
        // one byte per started group of 7 significant bits; 0 still takes one byte
        return 1 + (31 - Integer.numberOfLeadingZeros(value)) / 7;
    }

    /** Bytes {@link #writeUnsignedVarlong} takes for {@code value}. */
    public static int sizeOfUnsignedVarlong(long value) {
        return 1 + (63 - Long.numberOfLeadingZeros(value)) / 7;
    }
}
