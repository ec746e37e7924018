package io.spate.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A transaction marker: the one record of a control batch that ends a producer's transaction in a
 * partition (Kafka's {@code EndTransactionMarker}). Only a partition leader writes one, on
 * WriteTxnMarkers. The batch: attributes CONTROL | TRANSACTIONAL (uncompressed, CreateTime), the
 * producer's id and epoch, base sequence -1, one record at offset delta 0:
 * <pre>
 * key    int16 version (0)   int16 type (0 = ABORT, 1 = COMMIT)
 * value  int16 version (0)   int32 coordinator_epoch
 * </pre>
 * A reader accepts a newer key or value version with more bytes after these fields, as Kafka does.
 * Stateless values; any thread.
 *
 * @param commit           COMMIT (true) or ABORT (false)
 * @param coordinatorEpoch the epoch of the transaction coordinator that wrote it
 */
public record ControlRecord(boolean commit, int coordinatorEpoch) {
    /** Control record type of an ABORT marker. */
    public static final short ABORT = 0;
    /** Control record type of a COMMIT marker. */
    public static final short COMMIT = 1;
    private static final short VERSION = 0;

    /**
     * A whole control batch holding this marker for {@code producerId} at {@code producerEpoch}, with
     * record timestamp {@code timestampMs}: base offset 0 and leader epoch -1, stamped by the log.
     */
    public ByteBuffer toBatch(long producerId, short producerEpoch, long timestampMs) {
        ByteBuffer key = ByteBuffer.allocate(4).putShort(VERSION).putShort(commit ? COMMIT : ABORT);
        ByteBuffer value = ByteBuffer.allocate(6).putShort(VERSION).putInt(coordinatorEpoch);
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, RecordBatch.HEADER_SIZE + 32);
        b.append(timestampMs, key.array(), value.array(), List.of());
        b.setProducerState(producerId, producerEpoch, RecordBatch.NO_SEQUENCE);
        b.setTransactional(true);
        b.setControl(true);
        return b.build();
    }

    /**
     * The marker in the control batch at absolute {@code position} of {@code batch} (whose control bit
     * the caller checked), or null if its record is a control record of another type (Kafka's KRaft
     * logs hold such; a partition log never should).
     *
     * @throws CorruptRecordException if the batch holds no record, the key's version is negative (Kafka's
     *         check), or the key or value is too short
     */
    public static ControlRecord read(ByteBuffer batch, int position) {
        return read(new RecordBatch(batch, position));
    }

    /** As {@link #read(ByteBuffer, int)}, for a batch view. */
    public static ControlRecord read(RecordBatch batch) {
        int position = batch.position();
        List<Record> records = batch.records();
        if (records.isEmpty()) {
            throw new CorruptRecordException("the control batch at " + position + " holds no record");
        }
        Record r = records.get(0);
        if (r.key() == null || r.key().length < 4) {
            throw new CorruptRecordException("the control record at " + position + " has a key of "
                    + (r.key() == null ? "null" : r.key().length + " bytes") + ", not version + type");
        }
        ByteBuffer key = ByteBuffer.wrap(r.key());
        if (key.getShort(0) < 0) {
            throw new CorruptRecordException("the control record at " + position + " has key version " + key.getShort(0));
        }
        short type = key.getShort(2);
        if (type != ABORT && type != COMMIT) {
            return null;
        }
        if (r.value() == null || r.value().length < 6) {
            throw new CorruptRecordException("the transaction marker at " + position + " has a value of "
                    + (r.value() == null ? "null" : r.value().length + " bytes") + ", not version + coordinator epoch");
        }
        return new ControlRecord(type == COMMIT, ByteBuffer.wrap(r.value()).getInt(2));
    }

    @Override
    public String toString() {
        return (commit ? "COMMIT" : "ABORT") + " coordinatorEpoch: " + coordinatorEpoch;
    }
}
