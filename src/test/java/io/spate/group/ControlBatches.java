package io.spate.group;

import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import java.nio.ByteBuffer;

/**
 * Transaction markers as a partition leader writes them, for tests that put them in an offsets
 * topic: a CONTROL|TRANSACTIONAL batch of the producer, base sequence -1, one record whose key is
 * int16 version 0 + int16 type (0 ABORT, 1 COMMIT) and whose value is int16 version 0 + int32
 * coordinator epoch.
 */
final class ControlBatches {
    private ControlBatches() {
    }

    static ByteBuffer marker(long producerId, short epoch, boolean commit, int coordinatorEpoch, long timestamp) {
        return new io.spate.record.ControlRecord(commit, coordinatorEpoch).toBatch(producerId, epoch, timestamp);
    }

    /** A control batch of any {@code type} (types other than 0 and 1 are not transaction markers). */
    static ByteBuffer control(long producerId, short epoch, short type, int coordinatorEpoch, long timestamp) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 128);
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 0).putShort(type);
        ByteBuffer value = ByteBuffer.allocate(6).putShort((short) 0).putInt(coordinatorEpoch);
        b.append(timestamp, key.array(), value.array(), null);
        b.setProducerState(producerId, epoch, RecordBatch.NO_SEQUENCE);
        ByteBuffer batch = b.build();
        short attributes = (short) (batch.getShort(RecordBatch.ATTRIBUTES_OFFSET)
                | RecordBatch.CONTROL_FLAG_MASK | RecordBatch.TRANSACTIONAL_FLAG_MASK);
        batch.putShort(RecordBatch.ATTRIBUTES_OFFSET, attributes);
        long crc = RecordBatch.crc32c(batch, RecordBatch.ATTRIBUTES_OFFSET, batch.limit() - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc);
        return batch;
    }
}
