package io.spate.client.assignor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Big-endian writes of the consumer protocol's primitive types into a growing array; one per encode. */
final class ProtocolWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    void int16(int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    void int32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    void string(String s) {
        byte[] b = ConsumerProtocol.utf8(s);
        int16(b.length);
        out.writeBytes(b);
    }

    /** -1 length for null. */
    void nullableString(String s) {
        if (s == null) {
            int16(-1);
        } else {
            string(s);
        }
    }

    /** -1 length for null; writes the buffer's remaining bytes without moving its position. */
    void nullableBytes(ByteBuffer b) {
        if (b == null) {
            int32(-1);
            return;
        }
        ByteBuffer view = b.duplicate();
        int32(view.remaining());
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        out.writeBytes(copy);
    }

    ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(out.toByteArray());
    }
}
