package io.spate.cli;

import io.spate.record.CompressionType;
import io.spate.record.ControlRecord;
import io.spate.record.CorruptRecordException;
import io.spate.record.Header;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What {@code spate dump-log} shows of one batch, read from its header view; shared by the text
 * and the JSON form. {@code valid} means magic 2 and a CRC32C that matches the stored one, as
 * kafka-dump-log's {@code isvalid}.
 */
record BatchFacts(long baseOffset, long lastOffset, int count, int baseSequence, int lastSequence,
                  long producerId, short producerEpoch, int partitionLeaderEpoch, boolean transactional,
                  boolean control, int position, String timestampType, long maxTimestamp, int size, byte magic,
                  String compression, long crc, boolean valid) {

    static final String CREATE_TIME = "CreateTime";
    static final String LOG_APPEND_TIME = "LogAppendTime";

    static BatchFacts of(RecordBatch b) {
        int attributes = b.attributes();
        int baseSequence = b.baseSequence();
        boolean valid = b.magic() == RecordBatch.MAGIC && b.isChecksumValid();
        return new BatchFacts(b.baseOffset(), b.lastOffset(), b.recordCount(), baseSequence,
                baseSequence < 0 ? -1 : lastSequence(baseSequence, b.lastOffsetDelta()), b.producerId(), b.producerEpoch(),
                b.partitionLeaderEpoch(), (attributes & RecordBatch.TRANSACTIONAL_FLAG_MASK) != 0, b.isControl(),
                b.position(), b.isLogAppendTime() ? LOG_APPEND_TIME : CREATE_TIME, b.maxTimestamp(), b.sizeInBytes(),
                b.magic(), compressionName(b.compressionId()), b.checksum(), valid);
    }

    /** baseSequence + lastOffsetDelta, wrapping past {@link Integer#MAX_VALUE} to 0 as producers' sequences do. */
    static int lastSequence(int baseSequence, int lastOffsetDelta) {
        long last = (long) baseSequence + lastOffsetDelta;
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    /**
     * The batch's records, or a {@link CorruptRecordException} explaining why they cannot be shown
     * (a batch that failed its CRC is not decoded: its bytes cannot be trusted).
     */
    static List<Record> records(RecordBatch batch, BatchFacts facts) {
        if (!facts.valid()) {
            throw new CorruptRecordException("batch at position " + facts.position()
                    + " failed its checks (magic " + facts.magic() + ", crc " + facts.crc()
                    + ", computed " + batch.computeChecksum() + "); records not decoded");
        }
        return batch.records();
    }

    /**
     * The transaction marker a valid control batch holds, or null (not a control batch, failed its checks,
     * or a control record of another type). A marker that cannot be decoded is null too: the batch line
     * still shows {@code isControl}.
     */
    static ControlRecord marker(RecordBatch batch, BatchFacts facts) {
        if (!facts.control() || !facts.valid()) {
            return null;
        }
        try {
            return ControlRecord.read(batch);
        } catch (CorruptRecordException e) {
            return null;
        }
    }

    /** The record's sequence number: the batch's base sequence plus the record's offset delta, or -1. */
    int sequenceOf(Record record) {
        return baseSequence < 0 ? -1 : baseSequence + (int) (record.offset() - baseOffset);
    }

    static String compressionName(int id) {
        return id <= CompressionType.ZSTD.id() ? CompressionType.forId(id).configName() : "unknown(" + id + ")";
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static List<String> headerKeys(Record record) {
        return record.headers().stream().map(Header::key).toList();
    }
}
