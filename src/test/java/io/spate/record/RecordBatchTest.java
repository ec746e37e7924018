package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecordBatchTest {
    @Test
    void readsHeaderFieldsAtKafkaOffsets() {
        ByteBuffer buf = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        buf.putLong(0, 42L).putInt(8, RecordBatch.HEADER_SIZE - 12).put(16, RecordBatch.MAGIC).putInt(23, 3);
        RecordBatch batch = new RecordBatch(buf, 0);
        assertEquals(42L, batch.baseOffset());
        assertEquals(RecordBatch.HEADER_SIZE, batch.sizeInBytes());
        assertEquals(45L, batch.lastOffset());
    }
}
