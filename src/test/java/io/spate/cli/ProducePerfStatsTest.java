package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Latency percentiles from the histogram and the 5 s progress windows, on a fake clock. */
class ProducePerfStatsTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<String> progress = new ArrayList<>();
    private final ProducePerfStats stats = new ProducePerfStats(clock::get, progress::add);

    @Test
    void summaryHasCountBytesAverageMaxAndPercentiles() {
        for (int ms = 1; ms <= 100; ms++) {
            stats.record(TimeUnit.MILLISECONDS.toNanos(ms), 10);
        }
        clock.addAndGet(2_000);
        ProducePerfSummary s = stats.summary();
        assertEquals(100, s.records());
        assertEquals(1_000, s.bytes());
        assertEquals(2_000, s.elapsedMs());
        assertEquals(50.5, s.avgLatencyMs(), 0.1);
        assertEquals(100.0, s.maxLatencyMs(), 0.1);
        assertEquals(50, s.p50Ms());
        assertEquals(95, s.p95Ms());
        assertEquals(99, s.p99Ms());
        assertEquals(100, s.p999Ms());
        assertTrue(s.format().matches(ProducePerfSummaryTest.KAFKA_TOTAL), s.format());
    }

    @Test
    void progressLineEveryFiveSecondsForTheWindowOnly() {
        stats.record(TimeUnit.MILLISECONDS.toNanos(2), 100);
        clock.addAndGet(ProducePerfStats.REPORT_INTERVAL_MS - 1);
        stats.record(TimeUnit.MILLISECONDS.toNanos(4), 100);
        assertTrue(progress.isEmpty());
        clock.addAndGet(1);
        stats.record(TimeUnit.MILLISECONDS.toNanos(6), 100);
        assertEquals(List.of("3 records sent, 0.6 records/sec (0.00 MB/sec), 4.0 ms avg latency, 6.0 ms max latency."),
                progress);
        clock.addAndGet(ProducePerfStats.REPORT_INTERVAL_MS);
        stats.record(TimeUnit.MILLISECONDS.toNanos(1), 100);
        assertEquals("1 records sent, 0.2 records/sec (0.00 MB/sec), 1.0 ms avg latency, 1.0 ms max latency.",
                progress.get(1));
        assertEquals(4, stats.summary().records());
    }

    @Test
    void emptySummaryIsZeros() {
        assertEquals(0, stats.summary().records());
        assertEquals(0.0, stats.summary().avgLatencyMs());
    }
}
