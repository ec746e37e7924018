package io.spate.client;

import io.spate.protocol.TopicPartition;
import io.netty.buffer.ByteBuf;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.SpateException;
import io.spate.record.CorruptRecordException;
import io.spate.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's part of a Fetch response, decoded off the frame (internal): the complete batches
 * in order (a trailing partial batch is dropped), each with its records, and — when a batch failed
 * its CRC or could not be decoded — the error that stops the partition after the good batches
 * before it. {@code partialOnly} says that bytes came but not one complete batch.
 *
 * <p>Decoding happens in the response reader, on the connection's context, so the consumer's
 * context only filters and hands out records. The records section is decoded where it lies in the
 * frame, and everything kept (keys, values, headers) is copied out of it: nothing here refers to the
 * frame afterwards.
 */
record FetchedPartition(TopicPartition tp, ErrorCode error, String errorMessage, long highWatermark,
                        long logStartOffset, List<FetchedBatch> batches, SpateException corruption,
                        boolean partialOnly) {

    /** One complete batch: its offsets, whether it is a control batch, and its records. */
    record FetchedBatch(long baseOffset, long nextOffset, boolean control, TimestampType timestampType,
                        List<ConsumerRecord> records) {
    }

    /** Reads a Fetch response body and decodes every partition's batches, checking CRCs if asked. */
    static Map<TopicPartition, FetchedPartition> read(ByteBuf frame, boolean checkCrcs) {
        FetchResponse response = FetchResponse.readFrom(frame);
        Map<TopicPartition, FetchedPartition> out = new HashMap<>();
        for (FetchResponse.TopicData t : response.topics()) {
            for (FetchResponse.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                out.put(tp, decode(tp, p, checkCrcs));
            }
        }
        return out;
    }

    private static FetchedPartition decode(TopicPartition tp, FetchResponse.PartitionData p, boolean checkCrcs) {
        List<FetchedBatch> batches = new ArrayList<>();
        SpateException corruption = null;
        if (p.error() == ErrorCode.NONE && p.records() != null && p.records().isReadable()) {
            // decoded in place: records are copied out field by field (key, value, headers) below,
            // so nothing refers to the frame once this returns
            ByteBuffer bytes = p.records().nioBuffer();
            try {
                for (RecordBatch b : RecordBatch.batches(bytes)) {
                    if (checkCrcs && !b.isChecksumValid()) {
                        throw new CorruptRecordException("batch at offset " + b.baseOffset() + " has CRC "
                                + b.checksum() + " but its bytes give " + b.computeChecksum());
                    }
                    TimestampType type = b.isLogAppendTime() ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
                    // decoded straight into the records the application gets: one object per record
                    List<ConsumerRecord> records = b.isControl() ? List.of()
                            : b.records((offset, timestamp, key, value, headers) -> new ConsumerRecord(
                                    tp.topic(), tp.partition(), offset, timestamp, type, key, value, headers));
                    batches.add(new FetchedBatch(b.baseOffset(), b.nextOffset(), b.isControl(), type, records));
                }
            } catch (CorruptRecordException e) {
                corruption = new SpateException(ErrorCode.CORRUPT_MESSAGE, tp + ": " + e.getMessage(), e);
            }
        }
        boolean partialOnly = batches.isEmpty() && corruption == null && p.records() != null
                && p.records().isReadable();
        return new FetchedPartition(tp, p.error(), p.errorMessage(), p.highWatermark(), p.logStartOffset(),
                batches, corruption, partialOnly);
    }
}
