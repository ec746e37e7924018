package io.spate.cli;

import io.spate.record.CorruptRecordException;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import java.io.PrintStream;

/**
 * Prints a segment as kafka-dump-log does: one line per batch with its header fields and
 * {@code isvalid}, and with {@code --print-records} one {@code | offset: …} line per record with
 * its key and value as UTF-8 text. A torn tail or an unframeable length is reported on a last line.
 */
final class TextLogDump implements SegmentScanner.Visitor {
    private final PrintStream out;
    private final boolean printRecords;

    TextLogDump(PrintStream out, boolean printRecords) {
        this.out = out;
        this.printRecords = printRecords;
    }

    /** The lines before the batches: the file, and its base offset when the name carries one. */
    void header(String file, Long baseOffsetFromName) {
        out.println("Dumping " + file);
        if (baseOffsetFromName != null) {
            out.println("Log starting offset: " + baseOffsetFromName);
        }
    }

    @Override
    public void batch(RecordBatch batch) {
        BatchFacts f = BatchFacts.of(batch);
        out.println("baseOffset: " + f.baseOffset() + " lastOffset: " + f.lastOffset() + " count: " + f.count()
                + " baseSequence: " + f.baseSequence() + " lastSequence: " + f.lastSequence()
                + " producerId: " + f.producerId() + " producerEpoch: " + f.producerEpoch()
                + " partitionLeaderEpoch: " + f.partitionLeaderEpoch() + " isTransactional: " + f.transactional()
                + " isControl: " + f.control() + " position: " + f.position() + " " + f.timestampType() + ": "
                + f.maxTimestamp() + " size: " + f.size() + " magic: " + f.magic() + " compresscodec: "
                + f.compression() + " crc: " + f.crc() + " isvalid: " + f.valid() + markerText(batch, f));
        if (!printRecords) {
            return;
        }
        try {
            for (Record r : BatchFacts.records(batch, f)) {
                out.println("| offset: " + r.offset() + " " + f.timestampType() + ": " + r.timestamp()
                        + " keySize: " + size(r.key()) + " valueSize: " + size(r.value())
                        + " sequence: " + f.sequenceOf(r) + " headerKeys: " + BatchFacts.headerKeys(r)
                        + " key: " + BatchFacts.text(r.key()) + " payload: " + BatchFacts.text(r.value()));
            }
        } catch (CorruptRecordException e) {
            out.println("| records cannot be decoded: " + e.getMessage());
        }
    }

    @Override
    public void offsetDiscontinuity(int position, String reason) {
        out.println("Offset discontinuity at position " + position + ": " + reason);
    }

    @Override
    public void tornTail(int position, int bytesPresent, long expectedSize) {
        out.println("Torn tail at position " + position + ": " + bytesPresent + " bytes of a batch"
                + (expectedSize < 0 ? " whose length is cut off" : " of " + expectedSize + " bytes")
                + " (the file ends inside it)");
    }

    @Override
    public void unframeable(int position, int batchLength) {
        out.println("Corrupt batch length " + batchLength + " at position " + position
                + " (the smallest batch has " + SegmentScanner.MIN_BATCH_LENGTH + "); nothing after it can be read");
    }

    private static int size(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }

    /** {@code " endTxnMarker: COMMIT coordinatorEpoch: 3"} for a transaction marker (Kafka's wording), else empty. */
    private static String markerText(RecordBatch batch, BatchFacts f) {
        io.spate.record.ControlRecord m = BatchFacts.marker(batch, f);
        return m == null ? "" : " endTxnMarker: " + (m.commit() ? "COMMIT" : "ABORT") + " coordinatorEpoch: "
                + m.coordinatorEpoch();
    }
}
