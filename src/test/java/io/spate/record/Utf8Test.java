package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static void assertSameAsGetBytes(String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, Utf8.encodedLength(s), () -> "length of " + s);
        ByteBuffer buf = ByteBuffer.allocate(expected.length);
        Utf8.write(s, buf);
        assertEquals(ByteBuffer.wrap(expected), buf.flip(), () -> "bytes of " + s);
    }

    @Test
    void encodesExactlyAsStringGetBytesIncludingBrokenSurrogates() {
        String[] samples = {"", "ascii", "é", "€", "😀", "a😀b", "\uD800", "\uDC00", "x\uD800y", "\uDC00\uD800",
                "\uD83D\uDE00\uD83D", "\u07FF\u0800\uFFFF"};
        for (String s : samples) {
            assertSameAsGetBytes(s);
        }
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int c = 0; c < chars.length; c++) {
                // bias towards the interesting ranges: ASCII, 2- and 3-byte, surrogates
                chars[c] = switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) (0x80 + random.nextInt(0x780));
                    case 2 -> (char) (0xD800 + random.nextInt(0x800));
                    default -> (char) random.nextInt(0x10000);
                };
            }
            assertSameAsGetBytes(new String(chars));
        }
    }

    @Test
    void readsFromHeapAndDirectBuffersAtAnOffset() {
        byte[] bytes = "--ünï--".getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        ByteBuffer heapSlice = ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice();
        assertEquals("ünï", Utf8.read(direct, 2, bytes.length - 4));
        assertEquals("ünï", Utf8.read(heapSlice, 1, bytes.length - 4));
    }
}
