package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spate.testing.Eventually;
import io.spate.testing.ExternalCommand;
import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka clients in other languages, as Debian and npm ship them (scripts/ci/install-tools.sh installs
 * them), against the Kafka listener ({@link KafkaCompat}: a Spate node, or a real Kafka): kcat
 * (librdkafka), kafka-python and KafkaJS. Each produces keyed records to a topic of its own, reads them
 * back, and consumes them in a group in two runs: the first commits part of them, the second must
 * resume exactly after that commit. The drivers are src/test/python/kafka_python_client.py and
 * src/test/js/kafkajs-client.js; kcat is run as is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalClientsIT {
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 60;
    private static final int FIRST_RUN = 25;
    private static final int KEYS = 7;
    /** Every external client run; the drivers give up after 60 s themselves. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3"; // Debian's, where python3-kafka installs
    private static final String PYTHON_DRIVER = Path.of("src/test/python/kafka_python_client.py").toAbsolutePath()
            .toString();
    private static final String KAFKAJS_DRIVER = Path.of("src/test/js/kafkajs-client.js").toAbsolutePath().toString();

    @TempDir
    static Path dataDir;

    private KafkaCompat.Target target;
    private Admin admin;
    /** Names are unique per run, so the class can be run again against the same external Kafka. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    /** A record as sent, and as read: partition and offset are -1 where not known. */
    record Rec(String key, String value, int partition, long offset) {
    }

    /** One group consumer run: the records it consumed, and the committed offsets the client itself reported. */
    record GroupRun(List<Rec> records, Map<Integer, Long> committed) {
    }

    @BeforeAll
    void start() {
        target = KafkaCompat.start(dataDir);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap()));
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void kcatListsMetadataProducesWithKeysConsumesAndResumesItsGroupAfterTheCommit() throws Exception {
        String topic = createTopic("kcat");
        JsonNode metadata = json(String.join("\n",
                run("", "kcat", "-b", target.bootstrap(), "-L", "-J", "-t", topic)));
        Set<Integer> brokerIds = new HashSet<>();
        Set<String> brokerNames = new HashSet<>();
        metadata.get("brokers").forEach(b -> {
            brokerIds.add(b.get("id").asInt());
            brokerNames.add(b.get("name").asText());
        });
        assertTrue(brokerNames.contains(target.bootstrap()), "brokers " + brokerNames);
        JsonNode topicMetadata = metadata.get("topics").get(0);
        assertEquals(topic, topicMetadata.get("topic").asText());
        assertNull(topicMetadata.get("error"), metadata.toString());
        List<Integer> partitionIds = new ArrayList<>();
        topicMetadata.get("partitions").forEach(p -> {
            partitionIds.add(p.get("partition").asInt());
            assertNull(p.get("error"), p.toString());
            assertTrue(brokerIds.contains(p.get("leader").asInt()), "leader of " + p + " among " + brokerIds);
        });
        assertEquals(IntStream.range(0, PARTITIONS).boxed().toList(), partitionIds.stream().sorted().toList());

        List<Rec> sent = records("kcat");
        run(keyValueLines(sent, ":"), "kcat", "-b", target.bootstrap(), "-P", "-t", topic, "-K", ":",
                "-X", "acks=all");
        List<Rec> read = kcatRecords(run("", "kcat", "-b", target.bootstrap(), "-C", "-t", topic, "-o", "beginning",
                "-e", "-J"));
        assertReadBack(sent, read);

        String group = topic + "-group";
        // librdkafka commits the offsets of the records it handed out when kcat closes (enable.auto.commit)
        GroupRun first = new GroupRun(kcatGroup(topic, group, FIRST_RUN), Map.of());
        assertCommittedAfter(first, group, topic);
        GroupRun second = new GroupRun(kcatGroup(topic, group, RECORDS - FIRST_RUN), Map.of());
        assertResumedAndComplete(sent, first, second, group, topic);
    }

    @Test
    void kafkaPythonProducesWithAcksAllAndItsGroupConsumerCommitsAndResumes() throws Exception {
        checkProducerAndGroup("kafka-python", PYTHON, PYTHON_DRIVER);
    }

    @Test
    void kafkaJsProducesWithAcksAllAndItsGroupConsumerCommitsAndResumes() throws Exception {
        checkProducerAndGroup("kafkajs", "node", KAFKAJS_DRIVER);
    }

    /** A driver with the produce/consume commands of the python and node drivers. */
    private void checkProducerAndGroup(String client, String program, String driver) throws Exception {
        String topic = createTopic(client);
        List<Rec> sent = records(client);
        List<Rec> acked = parseRecords(run(keyValueLines(sent, "\t"), program, driver, "produce", target.bootstrap(),
                topic));
        assertEquals(sent, acked.stream().map(r -> new Rec(r.key(), r.value(), -1, -1)).toList(),
                "acknowledged records, in the order sent");

        String group = topic + "-group";
        GroupRun first = driverGroup(program, driver, topic, group, FIRST_RUN);
        assertCommittedAfter(first, group, topic);
        GroupRun second = driverGroup(program, driver, topic, group, RECORDS - FIRST_RUN);
        assertResumedAndComplete(sent, first, second, group, topic);
        // each record where its acknowledgement said it was written
        Set<Rec> consumed = new HashSet<>(first.records());
        consumed.addAll(second.records());
        assertEquals(new HashSet<>(acked), consumed);
    }

    // ---- the clients ----

    private List<Rec> kcatGroup(String topic, String group, int limit) throws JsonProcessingException {
        return kcatRecords(run("", "kcat", "-b", target.bootstrap(), "-G", group, "-X", "auto.offset.reset=earliest",
                "-c", Integer.toString(limit), "-J", topic));
    }

    private GroupRun driverGroup(String program, String driver, String topic, String group, int limit)
            throws JsonProcessingException {
        List<String> lines = run("", program, driver, "consume", target.bootstrap(), topic, group,
                Integer.toString(limit));
        assertFalse(lines.isEmpty(), "no output");
        JsonNode last = json(lines.get(lines.size() - 1));
        assertTrue(last.has("committed"), "last line " + last);
        Map<Integer, Long> committed = new TreeMap<>();
        last.get("committed").fields().forEachRemaining(e -> committed.put(Integer.parseInt(e.getKey()),
                e.getValue().asLong()));
        return new GroupRun(parseRecords(lines.subList(0, lines.size() - 1)), committed);
    }

    private static List<String> run(String stdin, String... command) {
        return ExternalCommand.run(RUN_TIMEOUT, stdin, List.of(command));
    }

    // ---- checks ----

    /**
     * {@code read}, in the order read, is every record sent, once: each key on one partition, each
     * partition's offsets 0, 1, 2, ... and its values in the order sent.
     */
    private static void assertReadBack(List<Rec> sent, List<Rec> read) {
        assertEquals(sent.size(), read.size(), "records read: " + read);
        Map<Integer, List<Rec>> byPartition = new TreeMap<>();
        Map<String, Integer> partitionOfKey = new LinkedHashMap<>();
        for (Rec r : read) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
            Integer before = partitionOfKey.putIfAbsent(r.key(), r.partition());
            assertTrue(before == null || before == r.partition(), "key " + r.key() + " on partitions " + before
                    + " and " + r.partition());
        }
        for (Map.Entry<Integer, List<Rec>> e : byPartition.entrySet()) {
            List<Rec> records = e.getValue();
            assertTrue(e.getKey() >= 0 && e.getKey() < PARTITIONS, "partition " + e.getKey());
            assertEquals(LongStream.range(0, records.size()).boxed().toList(),
                    records.stream().map(Rec::offset).toList(), "offsets read from partition " + e.getKey());
            List<Rec> expected = sent.stream().filter(s -> partitionOfKey.get(s.key()) == e.getKey().intValue())
                    .toList();
            assertEquals(expected.stream().map(s -> s.key() + "=" + s.value()).toList(),
                    records.stream().map(r -> r.key() + "=" + r.value()).toList(), "partition " + e.getKey());
        }
    }

    /** The group's committed offsets are those after the last record of each partition the run consumed. */
    private void assertCommittedAfter(GroupRun run, String group, String topic) throws Exception {
        Map<Integer, Long> expected = new TreeMap<>();
        for (Rec r : run.records()) {
            expected.merge(r.partition(), r.offset() + 1, Math::max);
        }
        assertEquals(FIRST_RUN, run.records().size(), "records consumed by the first run");
        if (!run.committed().isEmpty()) {
            assertEquals(expected, run.committed(), "committed offsets as the client reports them");
        }
        assertEquals(expected, committed(group, topic), "committed offsets as the admin client fetches them");
    }

    /**
     * The second run went on where the first committed (no record again, none skipped: with the first
     * run's records it reads the topic back whole), and the group's offsets are at the partitions' ends.
     */
    private void assertResumedAndComplete(List<Rec> sent, GroupRun first, GroupRun second, String group,
                                          String topic) throws Exception {
        assertReadBack(sent, Stream.concat(first.records().stream(), second.records().stream()).toList());
        Map<Integer, Long> ends = new TreeMap<>();
        for (Rec r : second.records()) {
            ends.merge(r.partition(), r.offset() + 1, Math::max);
        }
        for (Rec r : first.records()) {
            ends.merge(r.partition(), r.offset() + 1, Math::max);
        }
        if (!second.committed().isEmpty()) {
            assertEquals(ends, second.committed(), "committed offsets as the client reports them");
        }
        assertEquals(ends, committed(group, topic), "committed offsets as the admin client fetches them");
    }

    // ---- topics, records, parsing ----

    /** A topic of {@link #PARTITIONS} partitions, once every partition has a leader. */
    private String createTopic(String client) throws Exception {
        String topic = "ext-" + client + "-" + run;
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Eventually.eventually(Duration.ofSeconds(30), "leaders for " + topic, () -> {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic);
                return d.partitions().size() == PARTITIONS && d.partitions().stream().allMatch(p -> p.leader() != null);
            } catch (Exception e) {
                return false; // not known everywhere yet
            }
        });
        return topic;
    }

    private Map<Integer, Long> committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a,
                        TreeMap::new));
    }

    /** {@link #RECORDS} records; {@link #KEYS} keys, so each partition holds several records of several keys. */
    private static List<Rec> records(String client) {
        return IntStream.range(0, RECORDS)
                .mapToObj(i -> new Rec("key-" + (i % KEYS), client + "-value-" + i + "-ü", -1, -1)).toList();
    }

    private static String keyValueLines(List<Rec> records, String separator) {
        return records.stream().map(r -> r.key() + separator + r.value() + "\n").collect(Collectors.joining());
    }

    /** kcat's -J lines: {"topic", "partition", "offset", "key", "payload", ...}. */
    private static List<Rec> kcatRecords(List<String> lines) throws JsonProcessingException {
        List<Rec> records = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = json(line);
            records.add(new Rec(n.get("key").asText(), n.get("payload").asText(), n.get("partition").asInt(),
                    n.get("offset").asLong()));
        }
        return records;
    }

    /** The drivers' lines: {"key", "value", "partition", "offset"}. */
    private static List<Rec> parseRecords(List<String> lines) throws JsonProcessingException {
        List<Rec> records = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = json(line);
            records.add(new Rec(n.get("key").asText(), n.get("value").asText(), n.get("partition").asInt(),
                    n.get("offset").asLong()));
        }
        return records;
    }

    private static JsonNode json(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }
}
