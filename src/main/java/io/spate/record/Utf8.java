package io.spate.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for header keys without an intermediate byte array: the same bytes as
 * {@code String.getBytes(UTF_8)} (an unpaired surrogate becomes {@code '?'}, as the JDK encoder's
 * replacement), so batches stay byte-identical with Kafka's, which uses {@code getBytes}.
 */
final class Utf8 {
    private Utf8() {
    }

    /** The number of bytes {@link #write} puts for {@code s}. */
    static int encodedLength(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // four bytes for two chars
                i++;
            } else if (Character.isSurrogate(c)) {
                // unpaired surrogate: one '?' byte
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /** Writes {@code s} as UTF-8 at the buffer's position. */
    static void write(String s, ByteBuffer buf) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf.put((byte) c);
            } else if (c < 0x800) {
                buf.put((byte) (0xc0 | (c >> 6)));
                buf.put((byte) (0x80 | (c & 0x3f)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf.put((byte) (0xf0 | (cp >> 18)));
                buf.put((byte) (0x80 | ((cp >> 12) & 0x3f)));
                buf.put((byte) (0x80 | ((cp >> 6) & 0x3f)));
                buf.put((byte) (0x80 | (cp & 0x3f)));
            } else if (Character.isSurrogate(c)) {
                buf.put((byte) '?');
            } else {
                buf.put((byte) (0xe0 | (c >> 12)));
                buf.put((byte) (0x80 | ((c >> 6) & 0x3f)));
                buf.put((byte) (0x80 | (c & 0x3f)));
            }
        }
    }

    /** Decodes {@code length} bytes from absolute {@code offset}, heap or direct, without moving the buffer. */
    static String read(ByteBuffer buf, int offset, int length) {
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + offset, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buf.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
