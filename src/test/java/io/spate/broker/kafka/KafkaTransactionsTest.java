package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spate.client.AdminConfig;
import io.spate.client.SpateAdmin;
import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.1.1's transactional producer, read_committed / read_uncommitted consumers and
 * transaction admin against a node's Kafka listener: commit and abort, fencing by a second producer
 * with the same transactional.id, consume-transform-produce with sendOffsetsToTransaction, and Admin's
 * describeTransactions, listTransactions, describeProducers and abortTransaction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KafkaTransactionsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaCompat.Target target;

    @BeforeAll
    void start(@TempDir Path dir) {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false", "transaction.state.log.num.partitions=3",
                "offsets.topic.num.partitions=2");
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void readCommittedSeesOnlyCommittedTransactionsAndReadUncommittedSeesAll() throws Exception {
        String topic = "txn-basic";
        createTopic(topic, 2);
        try (KafkaProducer<String, String> producer = transactional("basic")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "c1"));
            producer.send(new ProducerRecord<>(topic, 0, "k", "c2"));
            producer.send(new ProducerRecord<>(topic, 1, "k", "c3"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "a1"));
            producer.send(new ProducerRecord<>(topic, 1, "k", "a2"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 1, "k", "c4"));
            producer.commitTransaction();
        }
        List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        assertEquals(List.of("c1", "c2", "c3", "c4"), readAll(parts, "read_committed"));
        assertEquals(List.of("c1", "c2", "a1", "c3", "a2", "c4"), readAll(parts, "read_uncommitted"));
    }

    @Test
    void aSecondProducerWithTheSameTransactionalIdFencesTheFirst() throws Exception {
        String topic = "txn-fence";
        createTopic(topic, 1);
        try (KafkaProducer<String, String> first = transactional("fence");
             KafkaProducer<String, String> second = transactional("fence")) {
            first.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(topic, 0, "k", "from-the-fenced-one")).get();
            second.initTransactions(); // bumps the epoch and aborts first's open transaction
            assertThrows(ProducerFencedException.class, first::commitTransaction);
            second.beginTransaction();
            second.send(new ProducerRecord<>(topic, 0, "k", "from-the-second"));
            second.commitTransaction();
        }
        List<TopicPartition> parts = List.of(new TopicPartition(topic, 0));
        assertEquals(List.of("from-the-second"), readAll(parts, "read_committed"));
        assertEquals(List.of("from-the-fenced-one", "from-the-second"), readAll(parts, "read_uncommitted"));
    }

    /** Consume-transform-produce with assigned partitions and a group named by a manual ConsumerGroupMetadata. */
    @Test
    void consumeTransformProduceCommitsOffsetsWithTheOutput() throws Exception {
        String in = "ctp-in";
        String out = "ctp-out";
        String group = "ctp-group";
        createTopic(in, 1);
        createTopic(out, 1);
        TopicPartition input = new TopicPartition(in, 0);
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 10; i++) {
                plain.send(new ProducerRecord<>(in, 0, "k", "v" + i));
            }
        }
        try (KafkaProducer<String, String> producer = transactional("ctp");
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps("read_committed"))) {
            producer.initTransactions();
            consumer.assign(List.of(input));
            consumer.seekToBeginning(List.of(input));
            List<ConsumerRecord<String, String>> batch = pollAtLeast(consumer, 10);
            ConsumerGroupMetadata metadata = new ConsumerGroupMetadata(group);

            // a first attempt over the first 5 records aborts: neither its output nor its offsets count
            producer.beginTransaction();
            for (ConsumerRecord<String, String> r : batch.subList(0, 5)) {
                producer.send(new ProducerRecord<>(out, 0, r.key(), r.value().toUpperCase()));
            }
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(5)), metadata);
            producer.abortTransaction();
            assertEquals(Map.of(), committedOffsets(group));

            producer.beginTransaction();
            for (ConsumerRecord<String, String> r : batch) {
                producer.send(new ProducerRecord<>(out, 0, r.key(), r.value().toUpperCase()));
            }
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(10, "done")), metadata);
            producer.commitTransaction();
        }
        assertEquals(Map.of(input, 10L), committedOffsets(group));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("V" + i);
        }
        assertEquals(expected, readAll(List.of(new TopicPartition(out, 0)), "read_committed"));
    }

    /**
     * The same loop with a subscribed consumer in a real group, its groupMetadata() fenced by
     * generation. Needs the group APIs over Kafka's protocol (branch k-groups): runs once the listener
     * advertises JoinGroup.
     */
    @Test
    void consumeTransformProduceInAConsumerGroup() throws Exception {
        assumeTrue(!target.isSpate() || served(ApiKeys.JOIN_GROUP), "the group APIs are not served on this listener yet");
        String in = "ctpg-in";
        String out = "ctpg-out";
        String group = "ctpg-group";
        createTopic(in, 2);
        createTopic(out, 1);
        try (KafkaProducer<String, String> plain = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 20; i++) {
                plain.send(new ProducerRecord<>(in, i % 2, "k", "v" + i));
            }
        }
        Properties cp = consumerProps("read_committed");
        cp.put("group.id", group);
        cp.put("auto.offset.reset", "earliest");
        int done = 0;
        try (KafkaProducer<String, String> producer = transactional("ctpg");
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (done < 20 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    producer.send(new ProducerRecord<>(out, 0, r.key(), r.value().toUpperCase()));
                    next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    done++;
                }
                producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                producer.commitTransaction();
            }
        }
        assertEquals(20, done);
        assertEquals(Map.of(new TopicPartition(in, 0), 10L, new TopicPartition(in, 1), 10L), committedOffsets(group));
        List<String> output = readAll(List.of(new TopicPartition(out, 0)), "read_committed");
        assertEquals(20, output.size());
        assertEquals(20, Set.copyOf(output).size());
    }

    @Test
    void adminDescribesListsAndAbortsAHangingTransaction() throws Exception {
        String topic = "txn-admin";
        createTopic(topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(props());
             KafkaProducer<String, String> producer = transactional("admin")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, "k", "hanging")).get();

            Collection<TransactionListing> listed = admin.listTransactions().all().get();
            TransactionListing listing = listed.stream().filter(l -> l.transactionalId().equals("admin")).findFirst()
                    .orElseThrow(() -> new AssertionError("not listed: " + listed));
            assertEquals(TransactionState.ONGOING, listing.state());
            TransactionDescription d = admin.describeTransactions(List.of("admin")).description("admin").get();
            assertEquals(TransactionState.ONGOING, d.state());
            assertEquals(Set.of(tp), d.topicPartitions());
            assertEquals(listing.producerId(), d.producerId());

            List<ProducerState> producers = admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers();
            ProducerState state = producers.stream().filter(p -> p.producerId() == d.producerId()).findFirst()
                    .orElseThrow(() -> new AssertionError("not described: " + producers));
            assertEquals(0L, state.currentTransactionStartOffset().orElse(-1));
            assertEquals(d.producerEpoch(), state.producerEpoch());
            try (KafkaConsumer<String, String> committed = new KafkaConsumer<>(consumerProps("read_committed"))) {
                assertEquals(0L, committed.endOffsets(List.of(tp)).get(tp)); // the open transaction holds the LSO
            }

            admin.abortTransaction(new AbortTransactionSpec(tp, state.producerId(), (short) state.producerEpoch(),
                    state.coordinatorEpoch().orElse(0))).all().get();

            try (KafkaConsumer<String, String> committed = new KafkaConsumer<>(consumerProps("read_committed"))) {
                assertEquals(2L, committed.endOffsets(List.of(tp)).get(tp)); // the record and the ABORT marker
            }
            ProducerState after = admin.describeProducers(List.of(tp)).partitionResult(tp).get().activeProducers().stream()
                    .filter(p -> p.producerId() == d.producerId()).findFirst().orElseThrow();
            assertTrue(after.currentTransactionStartOffset().isEmpty(), after.toString());
            assertEquals(List.of(), readAll(List.of(tp), "read_committed"));
        }
    }

    private boolean served(ApiKeys key) throws Exception {
        return RawKafkaRequests.apiVersions(target.bootstrap()).apiKeys().find(key.id) != null;
    }

    private Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
        if (!target.isSpate()) {
            try (Admin admin = Admin.create(props())) {
                return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            }
        }
        // the same group coordinator, through the native protocol (the Kafka listener's OffsetFetch is k-groups')
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(target.node().address()));
        try {
            return admin.listGroupOffsets(group).toCompletionStage().toCompletableFuture().get().entrySet().stream()
                    .collect(Collectors.toMap(e -> new TopicPartition(e.getKey().topic(), e.getKey().partition()),
                            e -> e.getValue().offset()));
        } finally {
            admin.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Every record of {@code parts} up to their end (read_committed: the LSO), partition by partition,
     * once the markers of the transactions ended before are written: commitTransaction returns when
     * the outcome is durable at the coordinator, the markers follow (in Kafka too), so until then the
     * LSO can stand below the marker a read_committed consumer then steps over.
     */
    private List<String> readAll(List<TopicPartition> parts, String isolation) {
        try (KafkaConsumer<String, String> committed = new KafkaConsumer<>(consumerProps("read_committed"));
             KafkaConsumer<String, String> uncommitted = new KafkaConsumer<>(consumerProps("read_uncommitted"))) {
            io.spate.testing.Eventually.eventually(WAIT, "the ended transactions' markers written",
                    () -> committed.endOffsets(parts).equals(uncommitted.endOffsets(parts)));
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(isolation))) {
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Map<TopicPartition, List<String>> read = new HashMap<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> read.computeIfAbsent(
                        new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r.value()));
            }
            parts.forEach(tp -> assertEquals(end.get(tp), consumer.position(tp), "position of " + tp));
            List<String> all = new ArrayList<>();
            parts.forEach(tp -> all.addAll(read.getOrDefault(tp, List.of())));
            return all;
        }
    }

    private static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int n) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        assertEquals(n, out.size());
        return out;
    }

    private KafkaProducer<String, String> transactional(String id) {
        Properties p = producerProps();
        p.put("transactional.id", id);
        p.put("max.block.ms", "30000");
        return new KafkaProducer<>(p);
    }

    private Properties producerProps() {
        Properties p = props();
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        return p;
    }

    private Properties consumerProps(String isolation) {
        Properties p = props();
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", isolation);
        return p;
    }

    private Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", target.bootstrap());
        return p;
    }
}
