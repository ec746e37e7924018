package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The summary lines match Kafka's ProducerPerformance / the brief's consumer line exactly. */
class ProducePerfSummaryTest {
    /** The last line of kafka-producer-perf-test, as a pattern. */
    static final String KAFKA_TOTAL = "\\d+ records sent, \\d+\\.\\d{6} records/sec \\(\\d+\\.\\d{2} MB/sec\\), "
            + "\\d+\\.\\d{2} ms avg latency, \\d+\\.\\d{2} ms max latency, \\d+ ms 50th, \\d+ ms 95th, "
            + "\\d+ ms 99th, \\d+ ms 99\\.9th\\.";

    @Test
    void totalLineHasKafkasExactForm() {
        ProducePerfSummary s = new ProducePerfSummary(5_000_000, 500_000_000, 6_649, 7.0, 230.0, 4, 29, 53, 68);
        assertEquals("5000000 records sent, 751992.780869 records/sec (71.72 MB/sec), 7.00 ms avg latency, "
                + "230.00 ms max latency, 4 ms 50th, 29 ms 95th, 53 ms 99th, 68 ms 99.9th.", s.format());
        assertTrue(s.format().matches(KAFKA_TOTAL));
    }

    @Test
    void megabytesAreMebibytesAsInKafka() {
        ProducePerfSummary s = new ProducePerfSummary(1024, 1024 * 1024, 1000, 1.234, 2.5, 1, 2, 2, 2);
        assertEquals("1024 records sent, 1024.000000 records/sec (1.00 MB/sec), 1.23 ms avg latency, "
                + "2.50 ms max latency, 1 ms 50th, 2 ms 95th, 2 ms 99th, 2 ms 99.9th.", s.format());
    }

    @Test
    void zeroElapsedTimeDoesNotDivideByZero() {
        assertTrue(new ProducePerfSummary(1, 10, 0, 0, 0, 0, 0, 0, 0).format().matches(KAFKA_TOTAL));
    }

    @Test
    void windowLineHasKafkasProgressForm() {
        assertEquals("3274096 records sent, 654819.2 records/sec (62.45 MB/sec), 5.6 ms avg latency, "
                + "230.0 ms max latency.", ProducePerfSummary.formatWindow(3_274_096, 327_409_600, 5_000, 5.6, 230));
    }

    @Test
    void jsonCarriesTheSameNumbers() {
        JsonNode json = new ProducePerfSummary(100, 10_000, 2_000, 1.5, 3, 1, 2, 3, 3).toJson();
        assertEquals(100, json.get("records").asLong());
        assertEquals(50.0, json.get("recordsPerSec").asDouble());
        assertEquals(1.5, json.get("avgLatencyMs").asDouble());
        assertEquals(3, json.get("p999Ms").asLong());
    }

    @Test
    void consumeLineHasTheBriefsForm() {
        ConsumePerfSummary s = new ConsumePerfSummary(1_000_000, 100 * 1024 * 1024, 2_000);
        assertEquals("1000000 records consumed, 500000.000000 records/sec (50.00 MB/sec)", s.format());
        assertEquals(500000.0, s.toJson().get("recordsPerSec").asDouble());
    }
}
