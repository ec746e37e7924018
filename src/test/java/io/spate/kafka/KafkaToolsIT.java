package io.spate.kafka;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import io.spate.testing.KafkaTools;
import io.spate.testing.KafkaTools.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka 4.1.1's own command-line tools, unmodified (the classes {@code kafka-topics.sh},
 * {@code kafka-console-producer.sh}, ... run, from the jars {@code scripts/ci/fetch-kafka.sh} caches),
 * against {@link KafkaCompat}'s target: a Spate node's Kafka listener, or with {@code
 * -Dkafka.compat.bootstrap} a real Kafka (then {@code -Dkafka.compat.dataDir} names its log dir for
 * kafka-dump-log, which is skipped without it). Every check reads the tools' printed output.
 */
@Timeout(300)
class KafkaToolsIT {
    /** System property: the log dir of the external broker, for kafka-dump-log in external mode. */
    static final String EXTERNAL_DATA_DIR = "kafka.compat.dataDir";
    private static final Duration TOOL = Duration.ofSeconds(120);
    private static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final String GET_OFFSETS = "org.apache.kafka.tools.GetOffsetShell";
    private static final String TRANSACTIONS = "org.apache.kafka.tools.TransactionsCommand";
    private static final String PRODUCER_PERF = "org.apache.kafka.tools.ProducerPerformance";
    private static final String CONSUMER_PERF = "org.apache.kafka.tools.ConsumerPerformance";
    private static final String END_TO_END = "org.apache.kafka.tools.EndToEndLatency";
    private static final String DUMP_LOG = "kafka.tools.DumpLogSegments";
    private static final String DELETE_RECORDS = "org.apache.kafka.tools.DeleteRecordsCommand";
    private static final String LEADER_ELECTION = "org.apache.kafka.tools.LeaderElectionCommand";
    /** The total line of kafka-producer-perf-test. */
    private static final Pattern PERF_TOTAL = Pattern.compile("^(\\d+) records sent, [0-9.]+ records/sec .* 99\\.9th\\.$",
            Pattern.MULTILINE);

    @TempDir
    static Path tmp;
    private static KafkaCompat.Target target;
    private static String bootstrap;
    /** Names are unique per run: an external broker keeps the topics and groups of earlier runs. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        KafkaTools.lib(); // the fetch, when needed, is not counted against a test's time
        target = KafkaCompat.start(tmp.resolve("node"));
        bootstrap = target.bootstrap();
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void kafkaTopicsCreatesListsDescribesAltersAndDeletes() {
        String t = name("topics");
        Result created = ok(TOPICS, "--bootstrap-server", bootstrap, "--create", "--topic", t, "--partitions", "2",
                "--replication-factor", "1", "--config", "retention.ms=86400000");
        assertTrue(created.out().contains("Created topic " + t + "."), created.describe());
        assertTrue(ok(TOPICS, "--bootstrap-server", bootstrap, "--list").lines().contains(t));

        String described = describeTopic(t);
        assertTrue(described.contains("PartitionCount: 2") && described.contains("ReplicationFactor: 1"), described);
        assertTrue(described.contains("retention.ms=86400000"), described);
        Matcher id = Pattern.compile("TopicId: (\\S+)").matcher(described);
        assertTrue(id.find(), described);
        assertNotEquals("AAAAAAAAAAAAAAAAAAAAAA", id.group(1), "a zero topic id: " + described);
        assertEquals(Set.of("0", "1"), partitionsOf(described));

        Result again = tool(TOPICS, "--bootstrap-server", bootstrap, "--create", "--topic", t, "--partitions", "3");
        assertEquals(1, again.exitCode(), again.describe());
        assertTrue((again.out() + again.err()).contains("already exists"), again.describe());

        ok(TOPICS, "--bootstrap-server", bootstrap, "--alter", "--topic", t, "--partitions", "4");
        assertEquals(Set.of("0", "1", "2", "3"), partitionsOf(describeTopic(t)));
        Result shrink = tool(TOPICS, "--bootstrap-server", bootstrap, "--alter", "--topic", t, "--partitions", "3");
        assertEquals(1, shrink.exitCode(), shrink.describe());
        assertEquals(Set.of("0", "1", "2", "3"), partitionsOf(describeTopic(t)), "a refused shrink changed nothing");

        ok(TOPICS, "--bootstrap-server", bootstrap, "--delete", "--topic", t);
        eventually(Duration.ofSeconds(30), t + " gone from --list",
                () -> !ok(TOPICS, "--bootstrap-server", bootstrap, "--list").lines().contains(t));
    }

    @Test
    void consoleProducerWithKeysThenConsoleConsumerFromTheBeginning() {
        String t = createTopic("console", 2);
        produceKeyed(t, "k1:v1", "k2:v2", "k1:v3", "k3:v4");
        List<String[]> got = consume(t, 4, "--from-beginning");
        assertEquals(Set.of("k1=v1", "k2=v2", "k1=v3", "k3=v4"),
                got.stream().map(r -> r[1] + "=" + r[2]).collect(Collectors.toSet()));
        List<String[]> k1 = got.stream().filter(r -> r[1].equals("k1")).toList();
        assertEquals(k1.get(0)[0], k1.get(1)[0], "one key, one partition");
        assertEquals(List.of("v1", "v3"), k1.stream().map(r -> r[2]).toList(), "in order within the partition");
    }

    @Test
    void consumerGroupsDescribeTheCommittedOffsetsAndResetThemToTheEarliest() {
        String t = createTopic("groups", 2);
        String g = name("group");
        produceKeyed(t, "a:1", "b:2", "c:3", "d:4");
        assertEquals(4, consume(t, 4, "--from-beginning", "--group", g).size());
        assertTrue(ok(GROUPS, "--bootstrap-server", bootstrap, "--list").lines().contains(g));
        assertEquals(List.of(4L, 4L, 0L), groupTotals(g, t), "committed, log end, lag after consuming all");

        produceKeyed(t, "e:5", "f:6");
        assertEquals(List.of(4L, 6L, 2L), groupTotals(g, t), "two new records: lag 2");

        Result dry = ok(GROUPS, "--bootstrap-server", bootstrap, "--reset-offsets", "--to-earliest", "--dry-run",
                "--group", g, "--topic", t);
        assertTrue(dry.out().contains("NEW-OFFSET"), dry.describe());
        assertEquals(List.of(4L, 6L, 2L), groupTotals(g, t), "a dry run commits nothing");

        Result reset = ok(GROUPS, "--bootstrap-server", bootstrap, "--reset-offsets", "--to-earliest", "--execute",
                "--group", g, "--topic", t);
        List<String[]> rows = rows(reset.out(), g, t);
        assertEquals(2, rows.size(), reset.describe());
        rows.forEach(r -> assertEquals("0", r[3], reset.describe()));
        assertEquals(List.of(0L, 6L, 6L), groupTotals(g, t), "reset to the earliest: everything is lag");

        List<String[]> again = consume(t, 6, "--group", g);
        assertEquals(Set.of("1", "2", "3", "4", "5", "6"), again.stream().map(r -> r[2]).collect(Collectors.toSet()));
        assertEquals(List.of(6L, 6L, 0L), groupTotals(g, t));
    }

    @Test
    void getOffsetsGivesTheEarliestTheLatestAndTheOffsetForATime() throws Exception {
        String t = createTopic("offsets", 2);
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            for (int i = 0; i < 3; i++) {
                p.send(new ProducerRecord<>(t, 0, base + i * 10_000L, "k", "v" + i)).get();
            }
            p.send(new ProducerRecord<>(t, 1, base + 30_000L, "k", "late")).get();
        }
        assertEquals(Set.of(t + ":0:3", t + ":1:1"), offsets(t));
        assertEquals(Set.of(t + ":0:3", t + ":1:1"), offsets(t, "--time", "-1"));
        assertEquals(Set.of(t + ":0:0", t + ":1:0"), offsets(t, "--time", "-2"));
        assertEquals(Set.of(t + ":0:3"), offsets(t, "--time", "-1", "--partitions", "0"));
        assertEquals(Set.of(t + ":0:1", t + ":1:0"), offsets(t, "--time", Long.toString(base + 5_000)));
        assertEquals(Set.of(t + ":0:2", t + ":1:0"), offsets(t, "--time", Long.toString(base + 20_000)));
        assertEquals(Set.of(t + ":1:0"), offsets(t, "--time", Long.toString(base + 25_000)), "no offset that late in 0");
    }

    @Test
    void transactionsListsAndDescribesAnOpenTransactionThenItsAbort() throws Exception {
        String t = createTopic("txn", 2);
        String txId = name("tx");
        try (KafkaProducer<String, String> p = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(t, 0, "k", "committed"));
            p.commitTransaction();
            p.beginTransaction();
            p.send(new ProducerRecord<>(t, 1, "k", "open")).get();

            Result list = ok(TRANSACTIONS, "--bootstrap-server", bootstrap, "list");
            String listed = list.lines().stream().filter(l -> l.startsWith(txId)).findFirst().orElse("");
            assertTrue(listed.contains("Ongoing"), list.describe());
            Result open = ok(TRANSACTIONS, "--bootstrap-server", bootstrap, "describe", "--transactional-id", txId);
            assertTrue(open.out().contains("Ongoing") && open.out().contains(t + "-1"), open.describe());
            Result producers = ok(TRANSACTIONS, "--bootstrap-server", bootstrap, "describe-producers", "--topic", t,
                    "--partition", "1");
            // ProducerId ProducerEpoch LatestCoordinatorEpoch LastSequence LastTimestamp CurrentTransactionStartOffset
            assertTrue(producers.lines().stream().map(l -> l.trim().split("\\s+"))
                    .anyMatch(c -> c.length == 6 && c[5].equals("0")), producers.describe());

            p.abortTransaction();
        }
        eventually(Duration.ofSeconds(30), txId + " CompleteAbort", () ->
                ok(TRANSACTIONS, "--bootstrap-server", bootstrap, "describe", "--transactional-id", txId).out()
                        .contains("CompleteAbort"));
        Result unknown = tool(TRANSACTIONS, "--bootstrap-server", bootstrap, "describe", "--transactional-id",
                name("nobody"));
        assertNotEquals(0, unknown.exitCode(), unknown.describe());
        assertTrue((unknown.out() + unknown.err()).contains("could not be found"), unknown.describe());
    }

    @Test
    void deleteRecordsMovesTheEarliestOffsetAndLeaderElectionFindsTheLeaderElected() throws Exception {
        String t = createTopic("delete", 2);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>(t, 0, "k", "v" + i)).get();
            }
        }
        Path offsets = tmp.resolve(t + ".json");
        Files.writeString(offsets, "{\"partitions\":[{\"topic\":\"" + t + "\",\"partition\":0,\"offset\":4}],\"version\":1}");
        Result deleted = ok(DELETE_RECORDS, "--bootstrap-server", bootstrap, "--offset-json-file", offsets.toString());
        assertTrue(deleted.out().contains("partition: " + t + "-0\tlow_watermark: 4"), deleted.describe());
        assertEquals(Set.of(t + ":0:4", t + ":1:0"), offsets(t, "--time", "-2"));
        assertEquals(Set.of(t + ":0:10", t + ":1:0"), offsets(t, "--time", "-1"));

        // one broker: every partition is led by its preferred replica already
        Result elected = ok(LEADER_ELECTION, "--bootstrap-server", bootstrap, "--election-type", "preferred",
                "--topic", t, "--partition", "0");
        assertTrue(elected.out().contains("Valid replica already elected for partitions " + t + "-0"), elected.describe());
        Result unknown = tool(LEADER_ELECTION, "--bootstrap-server", bootstrap, "--election-type", "preferred",
                "--topic", name("nothing"), "--partition", "0");
        assertNotEquals(0, unknown.exitCode(), unknown.describe());
    }

    @Test
    void producerPerfTestSendsAndReportsEveryRecord() {
        String t = createTopic("pperf", 3);
        Result r = ok(PRODUCER_PERF, "--topic", t, "--num-records", "3000", "--record-size", "100", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all");
        Matcher total = PERF_TOTAL.matcher(r.out());
        assertTrue(total.find(), r.describe());
        assertEquals("3000", total.group(1));
        assertEquals(3000, latestTotal(t), "every record the tool reported sent is in the log");
    }

    @Test
    void consumerPerfTestReadsAndReportsEveryRecord() {
        String t = createTopic("cperf", 3);
        ok(PRODUCER_PERF, "--topic", t, "--num-records", "2000", "--record-size", "100", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all");
        Result r = ok(CONSUMER_PERF, "--bootstrap-server", bootstrap, "--topic", t, "--messages", "2000",
                "--timeout", "60000");
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
        String[] row = r.lines().stream().filter(l -> l.matches("^\\d{4}-.*")).reduce((a, b) -> b)
                .map(l -> l.split(", ")).orElseThrow(() -> new AssertionError(r.describe()));
        assertEquals("2000", row[4], r.describe());
        assertEquals(2000 * 100 / (1024.0 * 1024.0), Double.parseDouble(row[2]), 0.0001, r.describe());
    }

    @Test
    void endToEndLatencyToolCompletesItsRounds() {
        String t = createTopic("e2e", 1);
        Result r = ok(END_TO_END, bootstrap, t, "200", "all", "100");
        assertTrue(r.out().contains("Avg latency:"), r.describe());
        assertTrue(Pattern.compile("(?m)^Percentiles: 50th = \\d+, 99th = \\d+, 99\\.9th = \\d+").matcher(r.out()).find(),
                r.describe());
    }

    @Test
    void dumpLogReadsARolledSegmentAndItsIndexesMatchTheLog() throws Exception {
        Path logDir = dataDir();
        String t = name("dump");
        ok(TOPICS, "--bootstrap-server", bootstrap, "--create", "--topic", t, "--partitions", "1",
                "--replication-factor", "1", "--config", "segment.bytes=1048576");
        String value = "x".repeat(1000);
        try (KafkaProducer<String, String> p = producer(Map.of())) {
            for (int i = 0; i < 1500; i++) {
                p.send(new ProducerRecord<>(t, 0, "key-" + i, value));
            }
            p.flush();
        }
        Path dir = logDir.resolve(t + "-0");
        List<Path> segments = segments(dir);
        assertTrue(segments.size() >= 2, "1.5 MB into 1 MiB segments rolls at least once: " + segments);
        Path first = segments.get(0);
        long next = Long.parseLong(segments.get(1).getFileName().toString().replace(".log", ""));
        String base = first.toString().replace(".log", "");

        Result dump = ok(DUMP_LOG, "--files", first.toString(), "--deep-iteration", "--print-data-log");
        List<String> records = dump.lines().stream().filter(l -> l.startsWith("| offset: ")).toList();
        assertEquals(next, records.size(), "one line per record of the segment [0, " + next + ")");
        assertTrue(records.get(0).startsWith("| offset: 0 ") && records.get(0).contains(" key: key-0 payload: " + value),
                records.get(0));
        assertTrue(records.get(records.size() - 1).contains(" key: key-" + (next - 1) + " "), dump.describe());
        assertTrue(dump.lines().stream().filter(l -> l.startsWith("baseOffset: ")).allMatch(l -> l.contains("isvalid: true")),
                dump.describe());
        assertFalse(dump.err().contains("Non-consecutive"), dump.describe());

        Result index = ok(DUMP_LOG, "--files", base + ".index");
        assertTrue(index.lines().stream().anyMatch(l -> l.matches("offset: \\d+ position: \\d+")), index.describe());
        Result verify = ok(DUMP_LOG, "--files", base + ".index," + base + ".timeindex", "--verify-index-only");
        assertFalse(verify.err().contains("Mismatches"), verify.describe());
        assertFalse(verify.err().contains("timestamp mismatch") || verify.err().contains("out of order"),
                verify.describe());
    }

    // ---- helpers ----

    private static Result tool(String mainClass, String... args) {
        return KafkaTools.run(TOOL, mainClass, args);
    }

    /** Runs the tool and asserts it exited 0. */
    private static Result ok(String mainClass, String... args) {
        Result r = tool(mainClass, args);
        assertEquals(0, r.exitCode(), mainClass + " " + String.join(" ", args) + "\n" + r.describe());
        return r;
    }

    private static String name(String what) {
        return "tools-" + what + "-" + RUN;
    }

    private static String createTopic(String what, int partitions) {
        String t = name(what);
        ok(TOPICS, "--bootstrap-server", bootstrap, "--create", "--topic", t, "--partitions", Integer.toString(partitions),
                "--replication-factor", "1");
        return t;
    }

    private static String describeTopic(String t) {
        return ok(TOPICS, "--bootstrap-server", bootstrap, "--describe", "--topic", t).out();
    }

    /** The partition numbers of kafka-topics --describe's partition lines. */
    private static Set<String> partitionsOf(String described) {
        Matcher m = Pattern.compile("(?m)^\\s+Topic: \\S+\\s+Partition: (\\d+)\\s+Leader: \\d+").matcher(described);
        Set<String> partitions = new TreeSet<>();
        while (m.find()) {
            partitions.add(m.group(1));
        }
        return partitions;
    }

    /** kafka-console-producer with keys ({@code key:value} lines), acks=all. */
    private static void produceKeyed(String t, String... lines) {
        Result r = KafkaTools.runWithInput(TOOL, String.join("\n", lines) + "\n", CONSOLE_PRODUCER, "--bootstrap-server", bootstrap, "--topic", t,
                "--property", "parse.key=true", "--property", "key.separator=:", "--producer-property", "acks=all");
        assertEquals(0, r.exitCode(), r.describe());
    }

    /** kafka-console-consumer for exactly {@code n} records: each as [partition, key, value]. */
    private static List<String[]> consume(String t, int n, String... extra) {
        String[] args = Stream.concat(Stream.of("--bootstrap-server", bootstrap, "--topic", t, "--max-messages",
                Integer.toString(n), "--timeout-ms", "60000", "--property", "print.key=true", "--property",
                "print.partition=true"), Arrays.stream(extra)).toArray(String[]::new);
        Result r = ok(CONSOLE_CONSUMER, args);
        assertTrue(r.err().contains("Processed a total of " + n + " messages"), r.describe());
        List<String[]> records = r.lines().stream().filter(l -> l.startsWith("Partition:"))
                .map(l -> l.substring("Partition:".length()).split("\t", 3)).toList();
        assertEquals(n, records.size(), r.describe());
        return records;
    }

    /** The rows of a consumer-groups table for group {@code g} and topic {@code t}, split on blanks. */
    private static List<String[]> rows(String out, String g, String t) {
        return out.lines().map(l -> l.trim().split("\\s+")).filter(c -> c.length >= 4 && c[0].equals(g) && c[1].equals(t))
                .toList();
    }

    /** kafka-consumer-groups --describe summed over the topic's partitions: [current offset, log end, lag]. */
    private static List<Long> groupTotals(String g, String t) {
        Result r = ok(GROUPS, "--bootstrap-server", bootstrap, "--describe", "--group", g);
        // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
        List<String[]> rows = rows(r.out(), g, t);
        assertEquals(2, rows.size(), r.describe());
        long[] sums = new long[3];
        for (String[] c : rows) {
            for (int i = 0; i < 3; i++) {
                sums[i] += Long.parseLong(c[3 + i]);
            }
        }
        return List.of(sums[0], sums[1], sums[2]);
    }

    /** kafka-get-offsets' {@code topic:partition:offset} lines. */
    private static Set<String> offsets(String t, String... extra) {
        String[] args = Stream.concat(Stream.of("--bootstrap-server", bootstrap, "--topic", t), Arrays.stream(extra))
                .toArray(String[]::new);
        return new TreeSet<>(ok(GET_OFFSETS, args).lines());
    }

    private static long latestTotal(String t) {
        return offsets(t, "--time", "-1").stream().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(':') + 1)))
                .sum();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(new HashMap<>(extra));
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** The partition logs' directory: the Spate node's data dir, or the external broker's {@value #EXTERNAL_DATA_DIR}. */
    private static Path dataDir() {
        if (target.isSpate()) {
            return tmp.resolve("node");
        }
        String external = System.getProperty(EXTERNAL_DATA_DIR);
        Assumptions.assumeTrue(external != null && !external.isBlank(),
                "an external broker's files are read only with -D" + EXTERNAL_DATA_DIR + "=<its log dir>");
        return Path.of(external);
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.log")).sorted().toList();
        }
    }
}
