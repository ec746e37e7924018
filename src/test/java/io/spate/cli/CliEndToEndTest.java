package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI against a real node started in-process on 127.0.0.1 port 0: every command through
 * {@link SpateCli#run} with captured stdout and stderr, success and failure paths.
 */
@Timeout(180)
class CliEndToEndTest extends CliNodeTest {
    private static void assertOk(CliRun run) {
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    }

    /** Exit 1 and exactly one stderr line starting with {@code spate: <code>: }. */
    private static void assertFailsWith(String errorCode, CliRun run) {
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().length, run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: " + errorCode + ": "), run.toString());
    }

    @Test
    void createProduceConsumeDescribeAlterDelete() {
        CliRun created = spate("topic", "create", "orders", "--partitions", "2", "--config", "retention.ms=3600000");
        assertOk(created);
        assertEquals("Created topic orders.\n", created.out());
        assertFailsWith("TOPIC_ALREADY_EXISTS", spate("topic", "create", "orders"));

        JsonNode list = Json.parse(spate("--json", "topic", "list").out());
        JsonNode listed = null;
        for (JsonNode t : list.get("topics")) {
            if (t.get("name").asText().equals("orders")) {
                listed = t;
            }
        }
        assertEquals(2, listed.get("partitions").asInt(), list.toString());
        assertTrue(spate("topic", "list").out().lines().anyMatch(l -> l.matches("orders\\s+2\\s+1\\s+false")));

        CliRun produced = spateWithInput("k1:one\nk2:two\nk3:three:3\n", "produce", "orders", "--key-separator", ":");
        assertOk(produced);
        assertEquals("", produced.out());
        assertEquals("", produced.err());

        CliRun consumed = spate("consume", "orders", "--from-beginning", "--max-messages", "3", "--timeout-ms", "20000",
                "--print-key");
        assertOk(consumed);
        assertEquals(Set.of("k1\tone", "k2\ttwo", "k3\tthree:3"), new TreeSet<>(consumed.out().lines().toList()));
        assertEquals("Processed a total of 3 messages\n", consumed.err());

        JsonNode described = Json.parse(spate("topic", "describe", "orders", "--json").out());
        long records = 0;
        for (JsonNode p : described.get("partitions")) {
            records += p.get("highWatermark").asLong();
            assertEquals(node.config().nodeId(), p.get("leader").asInt());
        }
        assertEquals(3, records);
        assertEquals("3600000", described.get("configs").get("retention.ms").get("value").asText());
        assertTrue(spate("topic", "describe", "orders").out().contains("retention.ms"));

        CliRun altered = spate("topic", "alter", "orders", "--set", "retention.ms=7200000", "--set", "segment.ms=60000");
        assertOk(altered);
        JsonNode afterAlter = Json.parse(spate("--json", "topic", "describe", "orders").out()).get("configs");
        assertEquals("7200000", afterAlter.get("retention.ms").get("value").asText());
        assertOk(spate("topic", "alter", "orders", "--delete", "segment.ms"));
        assertTrue(Json.parse(spate("--json", "topic", "describe", "orders").out())
                .get("configs").get("segment.ms").get("default").asBoolean());
        assertFailsWith("INVALID_CONFIG", spate("topic", "alter", "orders", "--set", "no.such.key=1"));

        CliRun added = spate("topic", "add-partitions", "orders", "--count", "2");
        assertOk(added);
        assertEquals(4, Json.parse(spate("--json", "topic", "describe", "orders").out()).get("partitions").size());

        CliRun deleted = spate("topic", "delete", "orders");
        assertOk(deleted);
        assertEquals("Deleted topic orders.\n", deleted.out());
        assertFailsWith("UNKNOWN_TOPIC_OR_PARTITION", spate("topic", "describe", "orders"));
        assertFailsWith("UNKNOWN_TOPIC_OR_PARTITION", spate("topic", "delete", "orders"));
    }

    @Test
    void produceToAPartitionThenConsumeFromAnOffsetAndDumpTheSegment() throws Exception {
        assertOk(spate("topic", "create", "events", "--partitions", "2"));
        CliRun produced = spateWithInput("a\nb\nc\n", "--json", "produce", "events", "--partition", "1",
                "--compression", "gzip", "--acks", "1");
        assertOk(produced);
        assertEquals(3, Json.parse(produced.out()).get("records").asInt());

        CliRun fromOffset = spate("consume", "events", "--partition", "1", "--offset", "1", "--max-messages", "2",
                "--timeout-ms", "20000", "--print-offset");
        assertOk(fromOffset);
        assertEquals("Partition:1\tOffset:1\tb\nPartition:1\tOffset:2\tc\n", fromOffset.out());

        CliRun json = spate("consume", "events", "--from-beginning", "--timeout-ms", "1000", "--json");
        assertOk(json);
        String[] lines = json.out().split("\n");
        assertEquals(3, lines.length, json.out());
        assertEquals("c", Json.parse(lines[2]).get("value").asText());
        assertEquals("Processed a total of 3 messages\n", json.err(), "the summary after --timeout-ms too");

        CliRun nothingNew = spate("consume", "events", "--timeout-ms", "300");
        assertOk(nothingNew);
        assertEquals("", nothingNew.out());
        assertEquals("Processed a total of 0 messages\n", nothingNew.err());

        assertFailsWith("OFFSET_OUT_OF_RANGE", spate("consume", "events", "--partition", "1", "--offset", "99"));
        assertFailsWith("UNKNOWN_TOPIC_OR_PARTITION", spate("consume", "events", "--partition", "7"));
        assertFailsWith("UNKNOWN_TOPIC_OR_PARTITION", spateWithInput("x\n", "produce", "events", "--partition", "7"));

        Path segment = dataDir.resolve("events-1").resolve("00000000000000000000.log");
        assertTrue(Files.exists(segment), "segment file " + segment);
        CliRun dump = spate("dump-log", segment.toString(), "--print-records");
        assertOk(dump);
        String[] dumpLines = dump.out().split("\n");
        assertTrue(dumpLines[2].startsWith("baseOffset: 0 lastOffset: 2 count: 3 "), dump.out());
        assertTrue(dumpLines[2].contains("compresscodec: gzip") && dumpLines[2].endsWith("isvalid: true"), dump.out());
        assertTrue(dumpLines[5].startsWith("| offset: 2 ") && dumpLines[5].endsWith("payload: c"), dump.out());
    }

    @Test
    void consumeStopsWhenStdoutIsClosed() {
        assertOk(spate("topic", "create", "piped"));
        assertOk(spateWithInput("1\n2\n3\n", "produce", "piped"));
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = new CliIo(InputStream.nullInputStream(), new PrintStream(closedPipe, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        // without --timeout-ms or --max-messages only the closed stdout can end it
        assertEquals(ExitCodes.OK, SpateCli.run(io, "consume", "piped", "--from-beginning"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Processed a total of "));
        assertEquals("Processed a total of 0 messages\n", err.toString(StandardCharsets.UTF_8), "none reached stdout");
    }

    @Test
    void failedRecordsAndMissingTopicsAreOneLineErrors() {
        assertOk(spate("topic", "create", "small"));
        char[] big = new char[1_200_000];
        Arrays.fill(big, 'x');
        CliRun tooLarge = spateWithInput("fine\n" + new String(big) + "\nnever-sent\n", "produce", "small");
        assertFailsWith("MESSAGE_TOO_LARGE", tooLarge);
        assertTrue(tooLarge.err().contains("record of line 2"), tooLarge.toString());

        CliRun noSeparator = spateWithInput("k:v\nnokey\n", "produce", "small", "--key-separator", ":");
        assertEquals(ExitCodes.FAILED, noSeparator.exitCode(), noSeparator.toString());
        assertEquals("spate: line 2 has no key separator ':'\n", noSeparator.err());

        assertFailsWith("UNKNOWN_TOPIC_OR_PARTITION", spateWithInput("x\n", "produce", "missing"));
        assertFailsWith("UNKNOWN_TOPIC_OR_PARTITION", spate("consume", "missing"));
        assertFailsWith("INVALID_TOPIC_EXCEPTION", spate("topic", "create", "bad/name"));
        assertFailsWith("INVALID_PARTITIONS", spate("topic", "create", "few", "--partitions", "100000000"));
    }

    @Test
    void perfProduceAndConsumePrintKafkasSummaryLines() {
        assertOk(spate("topic", "create", "perf", "--partitions", "2"));
        CliRun produce = spate("perf", "produce", "--topic", "perf", "--records", "2000", "--record-size", "64",
                "--throughput", "-1", "--acks", "all", "--compression", "snappy", "--linger-ms", "1");
        assertOk(produce);
        String[] lines = produce.out().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches(ProducePerfSummaryTest.KAFKA_TOTAL), last);
        assertTrue(last.startsWith("2000 records sent, "), last);

        CliRun consume = spate("perf", "consume", "--topic", "perf", "--records", "2000");
        assertOk(consume);
        assertTrue(consume.out().matches("2000 records consumed, \\d+\\.\\d{6} records/sec \\(\\d+\\.\\d{2} MB/sec\\)\n"),
                consume.out());

        CliRun fewer = spate("perf", "consume", "--topic", "perf", "--records", "1001");
        assertOk(fewer);
        assertTrue(fewer.out().startsWith("1001 records consumed, "), fewer.out());

        CliRun tooMany = spate("--json", "perf", "consume", "--topic", "perf", "--records", "5000", "--timeout-ms", "500");
        assertEquals(ExitCodes.FAILED, tooMany.exitCode(), tooMany.toString());
        assertEquals(2000, Json.parse(tooMany.out()).get("records").asLong());
        assertEquals("consumed only 2000 of 5000 records: none arrived for 500 ms",
                Json.parse(tooMany.err()).get("message").asText(), "under --json the error is JSON too");
    }
}
