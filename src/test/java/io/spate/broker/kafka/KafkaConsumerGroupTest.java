package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.1.1's consumer, unmodified, in a consumer group on a node's Kafka listener (the
 * classic group protocol, kafka-clients' default): two members share a topic across rebalances
 * without losing or repeating a record, a restarted consumer resumes from its commit, seek then
 * commit, and offsetsForTimes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KafkaConsumerGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private KafkaCompat.Target target;

    @BeforeAll
    void start(@TempDir Path dir) {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0");
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", target.bootstrap());
        return p;
    }

    KafkaConsumer<String, String> consumer(String group, int maxPollRecords) {
        Properties p = props();
        p.put("group.id", group);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", String.valueOf(maxPollRecords));
        p.put("client.id", group + "-" + System.nanoTime());
        return new KafkaConsumer<>(p);
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Writes {@code perPartition} records to each partition: values "p-i". */
    void produce(String topic, int partitions, int from, int perPartition) throws Exception {
        Properties p = props();
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("linger.ms", "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < from + perPartition; i++) {
                for (int part = 0; part < partitions; part++) {
                    producer.send(new ProducerRecord<>(topic, part, "k" + i, part + "-" + i));
                }
            }
            producer.flush();
        }
    }

    /** Polls once, records what came, and commits it (manual commitSync after processing). */
    static void pollAndCommit(KafkaConsumer<String, String> c, List<String> seen) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
            seen.add(r.partition() + "@" + r.offset() + "=" + r.value());
        }
        c.commitSync();
    }

    static void until(BooleanSupplier done, Runnable step, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            step.run();
        }
    }

    @Test
    void twoMembersShareFourPartitionsAcrossRebalancesWithoutLossOrDuplicates() throws Exception {
        String topic = "shared";
        createTopic(topic, 4);
        produce(topic, 4, 0, 100);
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> a = consumer("sharing", 20)) {
            a.subscribe(List.of(topic));
            until(() -> a.assignment().size() == 4 && seen.size() >= 60, () -> pollAndCommit(a, seen),
                    "the first member to own every partition and read some");
            KafkaConsumer<String, String> b = consumer("sharing", 20);
            try {
                b.subscribe(List.of(topic));
                until(() -> a.assignment().size() == 2 && b.assignment().size() == 2, () -> {
                    pollAndCommit(a, seen);
                    pollAndCommit(b, seen);
                }, "the partitions to be split between two members");
                Set<TopicPartition> union = new HashSet<>(a.assignment());
                union.addAll(b.assignment());
                assertEquals(4, union.size(), "every partition is owned by exactly one member: " + a.assignment()
                        + " " + b.assignment());
                until(() -> seen.size() >= 400, () -> {
                    pollAndCommit(a, seen);
                    pollAndCommit(b, seen);
                }, "all 400 records, read by two members");
                produce(topic, 4, 100, 50);
                // b reads a little of the new records, commits, then leaves (LeaveGroup on close)
                until(() -> seen.size() >= 410, () -> pollAndCommit(b, seen), "the second member to read again");
            } finally {
                b.close();
            }
            until(() -> a.assignment().size() == 4 && seen.size() >= 600, () -> pollAndCommit(a, seen),
                    "the remaining member to own every partition again and read the rest");
        }
        Set<String> expected = new HashSet<>();
        for (int part = 0; part < 4; part++) {
            for (int i = 0; i < 150; i++) {
                expected.add(part + "@" + i + "=" + part + "-" + i);
            }
        }
        assertEquals(600, seen.size(), "no record read twice");
        assertEquals(expected, new HashSet<>(seen), "every record read once, at its offset");
    }

    @Test
    void aRestartedConsumerResumesFromItsCommit() throws Exception {
        String topic = "resume";
        createTopic(topic, 1);
        produce(topic, 1, 0, 100);
        TopicPartition p0 = new TopicPartition(topic, 0);
        List<String> first = new ArrayList<>();
        try (KafkaConsumer<String, String> c = consumer("resumer", 100)) {
            c.subscribe(List.of(topic));
            until(() -> first.size() >= 30, () -> c.poll(Duration.ofMillis(100)).forEach(r -> first.add(r.value())),
                    "some records");
            c.commitSync(Map.of(p0, new OffsetAndMetadata(30, "thirty")));
            assertEquals(new OffsetAndMetadata(30, java.util.Optional.empty(), "thirty"),
                    c.committed(Set.of(p0)).get(p0));
        }
        try (KafkaConsumer<String, String> c = consumer("resumer", 100)) {
            c.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> again = new ArrayList<>();
            until(() -> !again.isEmpty(), () -> c.poll(Duration.ofMillis(100)).forEach(again::add), "records after restart");
            assertEquals(30, again.get(0).offset());
            assertEquals("0-30", again.get(0).value());
            assertEquals(30, c.committed(Set.of(p0)).get(p0).offset());
        }
    }

    @Test
    void seekThenCommitStoresThePositionReached() throws Exception {
        String topic = "seeking";
        createTopic(topic, 2);
        produce(topic, 2, 0, 100);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (KafkaConsumer<String, String> c = consumer("seeker", 10)) {
            c.subscribe(List.of(topic));
            until(() -> c.assignment().contains(p1), () -> c.poll(Duration.ofMillis(100)), "an assignment");
            c.seek(p1, 75);
            ConsumerRecord<String, String>[] firstOfP1 = new ConsumerRecord[1];
            until(() -> firstOfP1[0] != null, () -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    if (r.partition() == 1 && firstOfP1[0] == null) {
                        firstOfP1[0] = r;
                    }
                }
            }, "a record of partition 1 after the seek");
            assertEquals(75, firstOfP1[0].offset());
            assertEquals("1-75", firstOfP1[0].value());
            long position = c.position(p1);
            c.commitSync();
            assertEquals(position, c.committed(Set.of(p1)).get(p1).offset());
            c.seek(p1, 5);
            c.commitSync(Map.of(p1, new OffsetAndMetadata(5)));
            assertEquals(5, c.committed(Set.of(p1)).get(p1).offset(), "a commit may move backwards");
        }
    }

    @Test
    void offsetsForTimesFindsTheFirstRecordAtOrAfterATimestamp() throws Exception {
        String topic = "timed";
        createTopic(topic, 1);
        Properties p = props();
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        long base = System.currentTimeMillis() - 100_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + i * 1_000L, "k", "v" + i)).get();
            }
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> c = consumer("timer", 10)) {
            c.subscribe(List.of(topic));
            until(() -> !c.assignment().isEmpty(), () -> c.poll(Duration.ofMillis(100)), "an assignment");
            Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(Map.of(p0, base + 7_500));
            assertEquals(8, found.get(p0).offset());
            assertEquals(0, c.offsetsForTimes(Map.of(p0, base - 1)).get(p0).offset());
            assertTrue(c.offsetsForTimes(Map.of(p0, base + 60_000)).get(p0) == null, "no record that late");
            c.seek(p0, c.offsetsForTimes(Map.of(p0, base + 12_000)).get(p0).offset());
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            until(() -> !read.isEmpty(), () -> c.poll(Duration.ofMillis(100)).forEach(read::add), "records after seek");
            assertEquals("v12", read.get(0).value());
            c.commitSync();
            OffsetAndMetadata committed = c.committed(Set.of(p0)).get(p0);
            assertNotNull(committed);
            assertEquals(c.position(p0), committed.offset());
        }
    }
}
