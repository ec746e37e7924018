package io.spate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The result of {@code spate perf produce}, and its last line in exactly the form Kafka's
 * {@code ProducerPerformance} prints, so that the two tools' outputs can be parsed alike:
 *
 * <pre>
 * N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th.
 * </pre>
 *
 * <p>X is printed with {@code %f}, Y, A and M with {@code %.2f}, the percentiles as whole
 * milliseconds (rounded down, as Kafka's millisecond samples are). MB is 1024 * 1024 bytes, as in Kafka.
 * Latency is per record, from the call to send until its acknowledgement.
 *
 * @param records        records acknowledged
 * @param bytes          payload bytes of those records (values; keys too when present)
 * @param elapsedMs      from the first send to the last acknowledgement
 * @param avgLatencyMs   mean latency
 * @param maxLatencyMs   largest latency
 * @param p50Ms          50th percentile latency, and so on
 */
public record ProducePerfSummary(long records, long bytes, long elapsedMs, double avgLatencyMs, double maxLatencyMs,
                                 long p50Ms, long p95Ms, long p99Ms, long p999Ms) {
    static final double BYTES_PER_MB = 1024.0 * 1024.0;

    public double recordsPerSec() {
        return 1000.0 * records / Math.max(1, elapsedMs);
    }

    public double mbPerSec() {
        return 1000.0 * bytes / Math.max(1, elapsedMs) / BYTES_PER_MB;
    }

    /** Kafka's ProducerPerformance total line, without a line break. */
    public String format() {
        return String.format(Locale.ROOT,
                "%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.",
                records, recordsPerSec(), mbPerSec(), avgLatencyMs, maxLatencyMs, p50Ms, p95Ms, p99Ms, p999Ms);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("records", records);
        json.put("bytes", bytes);
        json.put("elapsedMs", elapsedMs);
        json.put("recordsPerSec", recordsPerSec());
        json.put("mbPerSec", mbPerSec());
        json.put("avgLatencyMs", avgLatencyMs);
        json.put("maxLatencyMs", maxLatencyMs);
        json.put("p50Ms", p50Ms);
        json.put("p95Ms", p95Ms);
        json.put("p99Ms", p99Ms);
        json.put("p999Ms", p999Ms);
        return json;
    }

    /**
     * Kafka's ProducerPerformance progress line for one reporting window:
     * {@code N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency.}
     */
    public static String formatWindow(long records, long bytes, long elapsedMs, double avgLatencyMs,
                                      double maxLatencyMs) {
        long ms = Math.max(1, elapsedMs);
        return String.format(Locale.ROOT,
                "%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.",
                records, 1000.0 * records / ms, 1000.0 * bytes / ms / BYTES_PER_MB, avgLatencyMs, maxLatencyMs);
    }
}
