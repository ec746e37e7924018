package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.record.CorruptRecordException;
import io.spate.record.Header;
import io.spate.record.Record;
import io.spate.record.RecordBatch;

/**
 * Builds the {@code --json} document of {@code spate dump-log}:
 * <pre>
 * {"file": …, "baseOffsetFromName": n|null,
 *  "batches": [{"baseOffset", "lastOffset", "count", …, "isValid", "endTxnMarker" ("COMMIT"/"ABORT") and
 *               "coordinatorEpoch" (a transaction marker only), "records": [ … ] (with --print-records),
 *               "recordsError": "…" (when they cannot be decoded)}],
 *  "tornTail": {"position", "bytesPresent", "expectedSize"} | null,
 *  "corruptLength": {"position", "batchLength"} | null,
 *  "offsetDiscontinuities": [{"position", "reason"}]}
 * </pre>
 * Keys, values and header values are UTF-8 text (null stays null).
 */
final class JsonLogDump implements SegmentScanner.Visitor {
    private final boolean printRecords;
    private final ObjectNode root = Json.object();
    private final ArrayNode batches;
    private final ArrayNode discontinuities;

    JsonLogDump(String file, Long baseOffsetFromName, boolean printRecords) {
        this.printRecords = printRecords;
        root.put("file", file);
        if (baseOffsetFromName == null) {
            root.putNull("baseOffsetFromName");
        } else {
            root.put("baseOffsetFromName", baseOffsetFromName);
        }
        batches = root.putArray("batches");
        root.putNull("tornTail");
        root.putNull("corruptLength");
        discontinuities = root.putArray("offsetDiscontinuities");
    }

    ObjectNode document() {
        return root;
    }

    @Override
    public void batch(RecordBatch batch) {
        BatchFacts f = BatchFacts.of(batch);
        ObjectNode b = batches.addObject();
        b.put("baseOffset", f.baseOffset());
        b.put("lastOffset", f.lastOffset());
        b.put("count", f.count());
        b.put("baseSequence", f.baseSequence());
        b.put("lastSequence", f.lastSequence());
        b.put("producerId", f.producerId());
        b.put("producerEpoch", f.producerEpoch());
        b.put("partitionLeaderEpoch", f.partitionLeaderEpoch());
        b.put("isTransactional", f.transactional());
        b.put("isControl", f.control());
        b.put("position", f.position());
        b.put("timestampType", f.timestampType());
        b.put("maxTimestamp", f.maxTimestamp());
        b.put("size", f.size());
        b.put("magic", f.magic());
        b.put("compression", f.compression());
        b.put("crc", f.crc());
        b.put("isValid", f.valid());
        io.spate.record.ControlRecord marker = BatchFacts.marker(batch, f);
        if (marker != null) {
            b.put("endTxnMarker", marker.commit() ? "COMMIT" : "ABORT");
            b.put("coordinatorEpoch", marker.coordinatorEpoch());
        }
        if (!printRecords) {
            return;
        }
        try {
            ArrayNode records = Json.array();
            for (Record r : BatchFacts.records(batch, f)) {
                ObjectNode rec = records.addObject();
                rec.put("offset", r.offset());
                rec.put("timestamp", r.timestamp());
                rec.put("sequence", f.sequenceOf(r));
                rec.put("key", BatchFacts.text(r.key()));
                rec.put("value", BatchFacts.text(r.value()));
                ArrayNode headers = rec.putArray("headers");
                for (Header h : r.headers()) {
                    headers.addObject().put("key", h.key()).put("value", BatchFacts.text(h.value()));
                }
            }
            b.set("records", records);
        } catch (CorruptRecordException e) {
            b.put("recordsError", e.getMessage());
        }
    }

    @Override
    public void offsetDiscontinuity(int position, String reason) {
        discontinuities.addObject().put("position", position).put("reason", reason);
    }

    @Override
    public void tornTail(int position, int bytesPresent, long expectedSize) {
        root.putObject("tornTail").put("position", position).put("bytesPresent", bytesPresent)
                .put("expectedSize", expectedSize);
    }

    @Override
    public void unframeable(int position, int batchLength) {
        root.putObject("corruptLength").put("position", position).put("batchLength", batchLength);
    }
}
