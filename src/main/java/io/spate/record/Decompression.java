package io.spate.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Whole-section decompression with a bound on the output, for decoding records into objects. */
final class Decompression {
    private static final int MIN_INITIAL_BYTES = 1024;
    /** Typical ratio of record data; a first guess for the output array, which grows as needed. */
    private static final int INITIAL_RATIO = 4;

    private Decompression() {
    }

    /**
     * Decompresses the bytes between {@code compressed}'s position and limit into a new heap buffer
     * (position 0, limit = decompressed size). The output array grows only as real output arrives,
     * so claimed sizes cannot make it allocate.
     *
     * @throws DecompressionLimitException if the output would pass {@code maxBytes}
     * @throws IOException                 if the data is not valid for the codec
     */
    static ByteBuffer decompressAll(CompressionType type, ByteBuffer compressed, int maxBytes) throws IOException {
        int initial = (int) Math.min(maxBytes + 1L,
                Math.max(MIN_INITIAL_BYTES, (long) compressed.remaining() * INITIAL_RATIO));
        byte[] out = new byte[initial];
        int size = 0;
        try (InputStream in = type.wrapForInput(compressed)) {
            while (true) {
                if (size == out.length) {
                    if (size > maxBytes) {
                        throw new DecompressionLimitException(type.configName(), maxBytes);
                    }
                    // one byte past the bound tells "exactly maxBytes" from "more"
                    out = Arrays.copyOf(out, (int) Math.min(maxBytes + 1L, 2L * out.length));
                }
                int n = in.read(out, size, out.length - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
        }
        if (size > maxBytes) {
            throw new DecompressionLimitException(type.configName(), maxBytes);
        }
        return ByteBuffer.wrap(out, 0, size).slice();
    }
}
