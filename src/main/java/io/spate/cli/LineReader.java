package io.spate.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines for {@code spate produce}, as bytes (no charset decoding, so
 * whatever bytes a line holds are sent as they are). A line ends at {@code \n}; a {@code \r} before
 * it is dropped too, as Kafka's console producer does; a last line without {@code \n} still counts
 * when it is not empty. Used by one thread.
 */
final class LineReader {
    private static final int BUFFER_BYTES = 1 << 16;

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LineReader(InputStream in) {
        this.in = new BufferedInputStream(in, BUFFER_BYTES);
    }

    /** The next line without its terminator, or null at the end of the stream. */
    byte[] next() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return stripCr(line.toByteArray());
            }
            line.write(b);
        }
        return line.size() == 0 ? null : stripCr(line.toByteArray());
    }

    private static byte[] stripCr(byte[] bytes) {
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            return java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return bytes;
    }
}
