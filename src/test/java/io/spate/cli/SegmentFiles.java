package io.spate.cli;

import io.spate.record.CompressionType;
import io.spate.record.Header;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes segment files as a node would: batches built with {@link RecordBatchBuilder}, base offsets
 * and leader epoch stamped in place (outside the CRC'd range), back to back.
 */
final class SegmentFiles {
    static final long TIMESTAMP = 1_700_000_000_000L;
    static final int LEADER_EPOCH = 3;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long nextOffset;

    SegmentFiles(long baseOffset) {
        this.nextOffset = baseOffset;
    }

    /** Appends a batch of {@code values} (key "k<i>", one header "h" on the first record) and stamps it. */
    SegmentFiles batch(CompressionType compression, String... values) {
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, 256);
        for (int i = 0; i < values.length; i++) {
            List<Header> headers = i == 0 ? List.of(new Header("h", "hv".getBytes(StandardCharsets.UTF_8))) : List.of();
            builder.append(TIMESTAMP + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8), headers);
        }
        ByteBuffer batch = builder.build();
        batch.putLong(RecordBatch.BASE_OFFSET_OFFSET, nextOffset);
        batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, LEADER_EPOCH);
        nextOffset += values.length;
        bytes.write(batch.array(), batch.arrayOffset(), batch.remaining());
        return this;
    }

    /** Appends raw bytes (a torn tail, garbage), or a whole batch built elsewhere. */
    SegmentFiles raw(byte[] raw) {
        bytes.write(raw, 0, raw.length);
        return this;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }
}
