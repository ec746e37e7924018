package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Percentiles are picked as Kafka's EndToEndLatency picks them; the lines have its form with decimals. */
class E2eLatencySummaryTest {
    /** The last line of Kafka's EndToEndLatency, with decimals allowed. */
    static final String KAFKA_PERCENTILES = "Percentiles: 50th = \\d+(\\.\\d+)?, 99th = \\d+(\\.\\d+)?, "
            + "99\\.9th = \\d+(\\.\\d+)?";

    private static long[] millis(int n) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            nanos[n - 1 - i] = (i + 1) * 1_000_000L; // reversed: the summary must sort
        }
        return nanos;
    }

    @Test
    void percentilesAreTheSortedValuesAtKafkasIndexes() {
        E2eLatencySummary s = E2eLatencySummary.of(millis(2000)); // 1 ms .. 2000 ms
        assertEquals(1001.0, s.p50Ms(), 1e-9);  // index 1000
        assertEquals(1981.0, s.p99Ms(), 1e-9);  // index 1980
        assertEquals(1999.0, s.p999Ms(), 1e-9); // index 1998
        assertEquals(2000.0, s.maxMs(), 1e-9);
        assertEquals(1000.5, s.avgMs(), 1e-9);
        assertEquals(2000, s.rounds());
    }

    @Test
    void oneRoundIsEveryPercentile() {
        E2eLatencySummary s = E2eLatencySummary.of(new long[] {1_234_567});
        assertEquals("Avg latency: 1.2346 ms\nPercentiles: 50th = 1.235, 99th = 1.235, 99.9th = 1.235", s.format());
    }

    @Test
    void lastLineHasKafkasFormWithDecimals() {
        String[] lines = E2eLatencySummary.of(millis(10)).format().split("\n");
        assertEquals(2, lines.length);
        assertEquals("Avg latency: 5.5000 ms", lines[0]);
        assertTrue(lines[1].matches(KAFKA_PERCENTILES), lines[1]);
        assertEquals("Percentiles: 50th = 6.000, 99th = 10.000, 99.9th = 10.000", lines[1]);
    }

    @Test
    void noLatenciesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> E2eLatencySummary.of(new long[0]));
    }

    @Test
    void jsonCarriesEveryField() {
        JsonNode json = E2eLatencySummary.of(millis(10)).toJson();
        assertEquals(10, json.get("rounds").asInt());
        assertEquals(5.5, json.get("avgMs").asDouble(), 1e-9);
        assertEquals(6.0, json.get("p50Ms").asDouble(), 1e-9);
        assertEquals(10.0, json.get("p99Ms").asDouble(), 1e-9);
        assertEquals(10.0, json.get("p999Ms").asDouble(), 1e-9);
        assertEquals(10.0, json.get("maxMs").asDouble(), 1e-9);
    }
}
