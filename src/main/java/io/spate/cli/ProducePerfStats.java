package io.spate.cli;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Latency and throughput of {@code spate perf produce}, as Kafka's ProducerPerformance.Stats keeps
 * them but with every latency kept in an HdrHistogram (microsecond resolution, 3 significant digits)
 * instead of a sample.
 *
 * <p>{@link #record} is called from the producer's completion callbacks, which may run on several
 * Vert.x threads: every method is synchronized. Every {@value #REPORT_INTERVAL_MS} ms a progress line
 * for the window just ended ({@link ProducePerfSummary#formatWindow}) goes to the progress sink.
 */
public final class ProducePerfStats {
    /** How often a progress line is printed, as Kafka's ProducerPerformance does. */
    public static final long REPORT_INTERVAL_MS = 5_000;
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double MICROS_PER_MS = 1000.0;

    private final LongSupplier clockMs;
    private final Consumer<String> progress;
    private final long startMs;
    private final Histogram latencies = new Histogram(SIGNIFICANT_DIGITS);
    private long count;
    private long bytes;
    private long windowStartMs;
    private long windowCount;
    private long windowBytes;
    private long windowTotalMicros;
    private long windowMaxMicros;

    /** Starts the clock now; {@code clockMs} gives wall time in ms, {@code progress} takes progress lines. */
    public ProducePerfStats(LongSupplier clockMs, Consumer<String> progress) {
        this.clockMs = clockMs;
        this.progress = progress;
        this.startMs = clockMs.getAsLong();
        this.windowStartMs = startMs;
    }

    /** One acknowledged record of {@code recordBytes} bytes that took {@code latencyNanos} from send to ack. */
    public synchronized void record(long latencyNanos, int recordBytes) {
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos));
        latencies.recordValue(micros);
        count++;
        bytes += recordBytes;
        windowCount++;
        windowBytes += recordBytes;
        windowTotalMicros += micros;
        windowMaxMicros = Math.max(windowMaxMicros, micros);
        long now = clockMs.getAsLong();
        if (now - windowStartMs >= REPORT_INTERVAL_MS) {
            progress.accept(ProducePerfSummary.formatWindow(windowCount, windowBytes, now - windowStartMs,
                    windowTotalMicros / MICROS_PER_MS / windowCount, windowMaxMicros / MICROS_PER_MS));
            windowStartMs = now;
            windowCount = 0;
            windowBytes = 0;
            windowTotalMicros = 0;
            windowMaxMicros = 0;
        }
    }

    public synchronized long count() {
        return count;
    }

    /** The totals from the start until now. */
    public synchronized ProducePerfSummary summary() {
        long elapsed = clockMs.getAsLong() - startMs;
        if (count == 0) {
            return new ProducePerfSummary(0, 0, elapsed, 0, 0, 0, 0, 0, 0);
        }
        return new ProducePerfSummary(count, bytes, elapsed, latencies.getMean() / MICROS_PER_MS,
                latencies.getMaxValue() / MICROS_PER_MS, percentileMs(50.0), percentileMs(95.0),
                percentileMs(99.0), percentileMs(99.9));
    }

    private long percentileMs(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1000;
    }
}
