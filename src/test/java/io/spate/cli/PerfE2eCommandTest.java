package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code spate perf e2e} against a real in-process node on 127.0.0.1: the lines, the JSON, the failures. */
@Timeout(120)
class PerfE2eCommandTest extends CliNodeTest {
    @Test
    void roundsOnAThreePartitionTopicPrintKafkasClosingLines() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "e2e", "--partitions", "3").exitCode());
        // records already in the topic are skipped: the consumer starts at the end
        assertEquals(ExitCodes.OK, spate("perf", "produce", "--topic", "e2e", "--records", "100", "--record-size", "10",
                "--throughput", "-1").exitCode());
        CliRun run = spate("perf", "e2e", "--topic", "e2e", "--rounds", "200", "--record-size", "100");
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run.out());
        assertTrue(lines[0].matches("Avg latency: \\d+\\.\\d{4} ms"), lines[0]);
        assertTrue(lines[1].matches(E2eLatencySummaryTest.KAFKA_PERCENTILES), lines[1]);

        // the topic now holds the 200 records of the run after the 100 before it
        CliRun consume = spate("perf", "consume", "--topic", "e2e", "--records", "300");
        assertEquals(ExitCodes.OK, consume.exitCode(), consume.toString());
    }

    @Test
    void jsonIsOneDocument() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "e2e-json", "--partitions", "1").exitCode());
        CliRun run = spate("--json", "perf", "e2e", "--topic", "e2e-json", "--rounds", "20", "--record-size", "3");
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        JsonNode json = Json.parse(run.out());
        assertEquals(20, json.get("rounds").asInt());
        assertTrue(json.get("p50Ms").asDouble() <= json.get("p99Ms").asDouble());
        assertTrue(json.get("p99Ms").asDouble() <= json.get("maxMs").asDouble());
    }

    @Test
    void missingTopicFailsWithItsErrorCode() {
        CliRun run = spate("perf", "e2e", "--topic", "absent", "--rounds", "5", "--record-size", "10");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("spate: UNKNOWN_TOPIC_OR_PARTITION: "), run.err());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, spate("perf", "e2e", "--topic", "t", "--rounds", "0", "--record-size", "10").exitCode());
        assertEquals(ExitCodes.USAGE, spate("perf", "e2e", "--topic", "t", "--rounds", "5", "--record-size", "0").exitCode());
        CliRun run = spate("perf", "e2e", "--topic", "t", "--rounds", "5", "--record-size", "1", "--timeout-ms", "0");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("--timeout-ms must be at least 1, was 0"), run.err());
    }

    @Test
    void stampMakesEveryRoundsValueDifferent() {
        byte[] a = "xxxxxx".getBytes(StandardCharsets.US_ASCII);
        PerfE2eCommand.stamp(a, 0);
        String first = new String(a, StandardCharsets.US_ASCII);
        PerfE2eCommand.stamp(a, 27);
        assertEquals("AAAAxx", first);
        assertEquals("BBAAxx", new String(a, StandardCharsets.US_ASCII));
        byte[] one = {'x'};
        PerfE2eCommand.stamp(one, 3);
        assertEquals('D', one[0]);
        assertNotEquals(first, new String(a, StandardCharsets.US_ASCII));
    }
}
