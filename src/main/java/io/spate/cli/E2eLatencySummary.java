package io.spate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;

/**
 * The result of {@code spate perf e2e}: one latency per round, from the call to send until the
 * consumer's poll returned that record. Its last two lines have the form of Kafka's
 * {@code EndToEndLatency}, with milliseconds printed to three decimals instead of truncated to whole ones:
 *
 * <pre>
 * Avg latency: 0.8123 ms
 * Percentiles: 50th = 0.734, 99th = 1.912, 99.9th = 3.004
 * </pre>
 *
 * <p>Percentiles are picked as Kafka's tool picks them: the sorted latencies at index
 * {@code (int) (n * p)} (clamped to the last one), so the two tools' numbers mean the same thing.
 *
 * @param rounds how many rounds were measured
 * @param avgMs  the mean latency
 * @param p50Ms  the 50th percentile, and so on
 * @param maxMs  the largest latency
 */
public record E2eLatencySummary(int rounds, double avgMs, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
    private static final double NANOS_PER_MS = 1_000_000.0;

    /** The summary of these latencies in nanoseconds; sorts the array in place. At least one is required. */
    public static E2eLatencySummary of(long[] latencyNanos) {
        if (latencyNanos.length == 0) {
            throw new IllegalArgumentException("no latencies to summarize");
        }
        Arrays.sort(latencyNanos);
        double total = 0;
        for (long n : latencyNanos) {
            total += n;
        }
        int n = latencyNanos.length;
        return new E2eLatencySummary(n, total / n / NANOS_PER_MS, at(latencyNanos, 0.5), at(latencyNanos, 0.99),
                at(latencyNanos, 0.999), latencyNanos[n - 1] / NANOS_PER_MS);
    }

    private static double at(long[] sorted, double percentile) {
        int index = Math.min(sorted.length - 1, (int) (sorted.length * percentile));
        return sorted[index] / NANOS_PER_MS;
    }

    /** The two closing lines, separated by a line break, without a final one. */
    public String format() {
        return String.format(Locale.ROOT, "Avg latency: %.4f ms\nPercentiles: 50th = %.3f, 99th = %.3f, 99.9th = %.3f",
                avgMs, p50Ms, p99Ms, p999Ms);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("rounds", rounds);
        json.put("avgMs", avgMs);
        json.put("p50Ms", p50Ms);
        json.put("p99Ms", p99Ms);
        json.put("p999Ms", p999Ms);
        json.put("maxMs", maxMs);
        return json;
    }
}
