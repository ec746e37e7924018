package io.spate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The result of {@code spate perf consume} and its last line:
 * {@code N records consumed, X records/sec (Y MB/sec)} with X as {@code %f} and Y as {@code %.2f}
 * (the same number formats as {@link ProducePerfSummary}); MB is 1024 * 1024 bytes.
 *
 * @param records   records read
 * @param bytes     their key and value bytes
 * @param elapsedMs from the start of the first fetch until the last record was read
 */
public record ConsumePerfSummary(long records, long bytes, long elapsedMs) {

    public double recordsPerSec() {
        return 1000.0 * records / Math.max(1, elapsedMs);
    }

    public double mbPerSec() {
        return 1000.0 * bytes / Math.max(1, elapsedMs) / ProducePerfSummary.BYTES_PER_MB;
    }

    public String format() {
        return String.format(Locale.ROOT, "%d records consumed, %f records/sec (%.2f MB/sec)",
                records, recordsPerSec(), mbPerSec());
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("records", records);
        json.put("bytes", bytes);
        json.put("elapsedMs", elapsedMs);
        json.put("recordsPerSec", recordsPerSec());
        json.put("mbPerSec", mbPerSec());
        return json;
    }
}
