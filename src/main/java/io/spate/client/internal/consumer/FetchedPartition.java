package io.spate.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.spate.client.ConsumerRecord;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.ControlRecord;
import io.spate.record.CorruptRecordException;
import io.spate.record.RecordBatch;
import io.spate.record.TimestampType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's part of a Fetch response, taken off the frame (internal): the complete batches
 * in order (a trailing partial batch is dropped), CRC-checked if asked, and — when a batch failed
 * its CRC — the error that stops the partition after the good batches before it.
 * {@code partialOnly} says that bytes came but not one complete batch.
 *
 * <p>On the connection's context the records section is copied out of the frame in one piece (so
 * nothing refers to the frame afterwards) and its complete batches are CRC-checked. Their records are decoded later, one
 * batch at a time, by the consumer's context as it hands them out ({@link FetchedBatch#records()}):
 * each record is made and handed out while its bytes and its object are still in that core's cache,
 * as Kafka's consumer decodes in {@code poll()}. A batch whose records turn out malformed then ends
 * the partition's records there, with the error.
 */
record FetchedPartition(TopicPartition tp, ErrorCode error, String errorMessage, long highWatermark,
                        long logStartOffset, List<FetchedBatch> batches, SpateException corruption,
                        boolean partialOnly, List<FetchResponse.AbortedTransaction> abortedTransactions) {

    /** One complete batch, a view of the copied bytes; its records are decoded on first use. */
    static final class FetchedBatch {
        private final TopicPartition tp;
        private final RecordBatch view;
        private List<ConsumerRecord> records;

        FetchedBatch(TopicPartition tp, RecordBatch view) {
            this.tp = tp;
            this.view = view;
        }

        /** The offset after the batch: where the position goes once it is consumed. */
        long nextOffset() {
            return view.nextOffset();
        }

        /** The batch header, for the read_committed filter (producer id, attributes, last offset). */
        RecordBatch header() {
            return view;
        }

        /**
         * True for an ABORT marker: a control batch whose record's key is int16 version, int16 type
         * 0 (1 is COMMIT). Read only by the read_committed filter, for control batches.
         */
        boolean isAbortMarker() {
            if (!view.isControl()) {
                return false;
            }
            try {
                if (view.records().isEmpty()) {
                    return false;
                }
                ControlRecord marker = ControlRecord.read(view);
                return marker != null && !marker.commit();
            } catch (CorruptRecordException e) {
                throw new SpateException(ErrorCode.CORRUPT_MESSAGE, tp + ": control batch at offset "
                        + view.baseOffset() + ": " + e.getMessage(), e);
            }
        }

        /**
         * The batch's records (none for a control batch), decoded on the first call, on the consumer's
         * context.
         *
         * @throws SpateException CORRUPT_MESSAGE when a record cannot be decoded
         */
        List<ConsumerRecord> records() {
            if (records == null) {
                records = view.isControl() ? List.of() : decode();
            }
            return records;
        }

        private List<ConsumerRecord> decode() {
            TimestampType type = view.isLogAppendTime() ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
            String topic = tp.topic();
            int partition = tp.partition();
            try {
                // decoded straight into the records the application gets: one object per record
                return view.records((offset, timestamp, key, value, headers) -> new ConsumerRecord(
                        topic, partition, offset, timestamp, type, key, value, headers));
            } catch (CorruptRecordException e) {
                throw new SpateException(ErrorCode.CORRUPT_MESSAGE, tp + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads a Fetch response body and takes every partition's batches, checking CRCs if asked. */
    static Map<TopicPartition, FetchedPartition> read(ByteBuf frame, boolean checkCrcs) {
        return read(frame, checkCrcs, (short) 0);
    }

    /** {@link #read} of a response in {@code version} (1: with the aborted transactions of read_committed). */
    static Map<TopicPartition, FetchedPartition> read(ByteBuf frame, boolean checkCrcs, short version) {
        FetchResponse response = FetchResponse.readFrom(frame, version);
        Map<TopicPartition, FetchedPartition> out = new HashMap<>();
        for (FetchResponse.TopicData t : response.topics()) {
            for (FetchResponse.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                out.put(tp, take(tp, p, checkCrcs));
            }
        }
        return out;
    }

    private static FetchedPartition take(TopicPartition tp, FetchResponse.PartitionData p, boolean checkCrcs) {
        List<FetchedBatch> batches = new ArrayList<>();
        SpateException corruption = null;
        if (p.error() == ErrorCode.NONE && p.records() != null && p.records().isReadable()) {
            // one copy of the section, so the frame goes back at once; the batches are views of it
            byte[] copy = new byte[p.records().readableBytes()];
            p.records().getBytes(p.records().readerIndex(), copy);
            try {
                for (RecordBatch b : RecordBatch.batches(ByteBuffer.wrap(copy))) {
                    if (checkCrcs && !b.isChecksumValid()) {
                        throw new CorruptRecordException("batch at offset " + b.baseOffset() + " has CRC "
                                + b.checksum() + " but its bytes give " + b.computeChecksum());
                    }
                    batches.add(new FetchedBatch(tp, b));
                }
            } catch (CorruptRecordException e) {
                corruption = new SpateException(ErrorCode.CORRUPT_MESSAGE, tp + ": " + e.getMessage(), e);
            }
        }
        boolean partialOnly = batches.isEmpty() && corruption == null && p.records() != null
                && p.records().isReadable();
        return new FetchedPartition(tp, p.error(), p.errorMessage(), p.highWatermark(), p.logStartOffset(),
                batches, corruption, partialOnly, p.abortedTransactions());
    }
}
