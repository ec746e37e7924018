package io.spate.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builders of record batches for tests: values as strings, keys optional. */
public final class TestBatches {
    private TestBatches() {
    }

    /** One uncompressed batch holding {@code values} (null keys, timestamp = now). */
    public static ByteBuf of(String... values) {
        return of(CompressionType.NONE, System.currentTimeMillis(), values);
    }

    public static ByteBuf of(CompressionType compression, long timestamp, String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder(compression, 1024);
        for (String v : values) {
            b.append(timestamp, null, v.getBytes(StandardCharsets.UTF_8), List.of());
        }
        ByteBuffer built = b.build();
        return Unpooled.wrappedBuffer(built);
    }

    /** A batch whose values are {@code count} copies of {@code size} bytes. */
    public static ByteBuf sized(int count, int size) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, count * (size + 32));
        byte[] value = new byte[size];
        for (int i = 0; i < count; i++) {
            b.append(System.currentTimeMillis(), null, value, List.of());
        }
        return Unpooled.wrappedBuffer(b.build());
    }

    public static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
