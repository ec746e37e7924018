package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.Eventually;
import io.spate.testing.NodeProcess;
import io.spate.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
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
 * kafka-clients 4.1.1 against a 3-node cluster of fat-jar nodes (issue 17), one cluster for every
 * case: each node names all three Kafka listeners (host and port from each node's ready line); a
 * producer with its defaults (idempotent, acks=all) writes continuously to a topic with 3 replicas
 * and min.insync.replicas 2 while the leader of partition 0 is killed with kill -9; afterwards a
 * consumer reads every acknowledged record exactly once (nothing lost, nothing written twice), and
 * the metadata names the new leader at its Kafka listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KafkaClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 3;
    private ProcessCluster cluster;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        cluster = new ProcessCluster(root, "kafka", 3, "cluster.failure.timeout.ms=5000", "replica.lag.time.max.ms=5000")
                .startAll();
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyNodeNamesEveryNodesKafkaListener() throws Exception {
        Map<Integer, String> expected = kafkaAddresses();
        for (String address : expected.values()) { // asked of each node alone
            Properties p = new Properties();
            p.put("bootstrap.servers", address);
            try (Admin admin = Admin.create(p)) {
                Eventually.eventually(WAIT, "node at " + address + " names all three Kafka listeners",
                        () -> expected.equals(nodes(admin)));
                assertTrue(expected.containsKey(admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id()));
            }
        }
    }

    @Test
    void everyAcknowledgedRecordIsReadExactlyOnceAfterTheLeaderIsKilled() throws Exception {
        int leader = awaitFullIsr();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicLong killedAt = new AtomicLong(); // 0 until the kill
        AtomicInteger ackedAfterKill = new AtomicInteger();
        AtomicReference<Exception> lastError = new AtomicReference<>();
        Properties pp = props();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        pp.put("linger.ms", "2");
        Semaphore inFlight = new Semaphore(500);
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // write until 300 are acknowledged before the kill and 300 sent after it are
            while (ackedAfterKill.get() < 300 && System.nanoTime() < deadline) {
                if (killedAt.get() == 0 && acked.size() >= 300) {
                    cluster.kill9(leader);
                    killedAt.set(System.nanoTime());
                }
                if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                String value = Integer.toString(sent);
                boolean afterKill = killedAt.get() != 0;
                producer.send(new ProducerRecord<>(TOPIC, sent % PARTITIONS, null, value), (md, err) -> {
                    inFlight.release();
                    if (err == null) {
                        acked.add(value);
                        if (afterKill) {
                            ackedAfterKill.incrementAndGet();
                        }
                    } else {
                        lastError.set(err);
                    }
                });
                sent++;
            }
            producer.flush();
        }
        assertTrue(ackedAfterKill.get() >= 300, "writes sent after the kill acknowledged: " + ackedAfterKill.get()
                + "; " + acked.size() + " of " + sent + " in all, last error " + lastError.get() + cluster.tails());

        // the new leader, at its Kafka listener
        Map<Integer, String> addresses = kafkaAddresses();
        Eventually.eventually(WAIT, "a new leader of partition 0, named at its Kafka listener", () -> {
            PartitionInfo p = partitionZero();
            return p.leader() != null && p.leader().id() != leader && addresses.containsKey(p.leader().id())
                    && addresses.get(p.leader().id()).equals(p.leader().host() + ":" + p.leader().port());
        });

        Map<String, Integer> seen = readAll(TOPIC, "read_uncommitted");
        List<String> lost = acked.stream().filter(v -> !seen.containsKey(v)).sorted().toList();
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        assertEquals(List.of(), lost, "acknowledged and not read (" + acked.size() + " acknowledged of " + sent + ")");
        assertEquals(List.of(), twice, "read more than once");
        System.out.println("KafkaClusterIT: " + sent + " sent, " + acked.size() + " acknowledged, " + seen.size()
                + " in the log; leader " + leader + " killed");

        cluster.start(leader); // the cluster is whole again for whatever runs next
    }

    /**
     * A consume-transform-produce copy with kafka-clients' transactions (a group consumer,
     * read_committed; a transactional producer sending the group's offsets with the output) while the
     * node leading the output's partition 0 is killed -9: the committed output holds every input
     * exactly once. A failed transaction is aborted and the consumer rewound to its group's committed
     * offsets, the pattern Kafka documents.
     */
    @Test
    void aTransactionalCopyIsExactAcrossAKilledLeader() throws Exception {
        String in = "eos-in";
        String out = "eos-out";
        int records = 2_000;
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2")),
                    new NewTopic(out, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Properties pp = props();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(in, i % PARTITIONS, null, Integer.toString(i)));
            }
            producer.flush();
        }
        int victim = leaderOf(out);
        Properties cp = props();
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", StringDeserializer.class.getName());
        cp.put("group.id", "eos-copy");
        cp.put("enable.auto.commit", "false");
        cp.put("auto.offset.reset", "earliest");
        cp.put("isolation.level", "read_committed");
        Properties tp = props();
        tp.put("key.serializer", StringSerializer.class.getName());
        tp.put("value.serializer", StringSerializer.class.getName());
        tp.put("transactional.id", "eos-copy-tx");
        int committed = 0;
        int aborted = 0;
        boolean killed = false;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp);
             KafkaProducer<String, String> producer = new KafkaProducer<>(tp)) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (committed < records && System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                if (!killed && committed >= records / 3) {
                    cluster.kill9(victim);
                    killed = true;
                }
                Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> next = new HashMap<>();
                try {
                    producer.beginTransaction();
                    for (ConsumerRecord<String, String> r : batch) {
                        producer.send(new ProducerRecord<>(out, r.partition(), null, r.value()));
                        next.put(new TopicPartition(r.topic(), r.partition()),
                                new org.apache.kafka.clients.consumer.OffsetAndMetadata(r.offset() + 1));
                    }
                    producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                    producer.commitTransaction();
                    committed += batch.count();
                } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
                    throw e;
                } catch (org.apache.kafka.common.KafkaException e) {
                    aborted++;
                    producer.abortTransaction();
                    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> at =
                            consumer.committed(consumer.assignment(), WAIT);
                    for (TopicPartition p : consumer.assignment()) {
                        var c = at.get(p);
                        if (c == null) {
                            consumer.seekToBeginning(List.of(p));
                        } else {
                            consumer.seek(p, c.offset());
                        }
                    }
                }
            }
        }
        assertTrue(killed, "the leader was killed mid-copy");
        Map<String, Integer> seen = readAll(out, "read_committed");
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            if (!seen.containsKey(Integer.toString(i))) {
                missing.add(Integer.toString(i));
            }
        }
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        System.out.println("KafkaClusterIT: transactional copy of " + records + " records, leader " + victim + " of "
                + out + "-0 killed, " + aborted + " transactions aborted and retried, " + seen.size() + " committed outputs");
        assertEquals(List.of(), missing, "inputs not in the committed output");
        assertEquals(List.of(), twice, "inputs in the committed output more than once");
        cluster.start(victim);
    }

    private int leaderOf(String topic) {
        AtomicReference<PartitionInfo> last = new AtomicReference<>();
        Eventually.eventually(Duration.ofSeconds(60), topic + "-0 led with every replica in sync", () -> {
            Properties cp = props();
            cp.put("key.deserializer", StringDeserializer.class.getName());
            cp.put("value.deserializer", StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
                last.set(consumer.partitionsFor(topic, WAIT).stream().filter(p -> p.partition() == 0).findFirst().orElseThrow());
            }
            return last.get().leader() != null && last.get().inSyncReplicas().length == 3;
        });
        return last.get().leader().id();
    }

    /** Every record of {@code topic} to its end ({@code isolation}: read_committed or not), by value, with how often it is there. */
    private Map<String, Integer> readAll(String topic, String isolation) {
        Properties cp = props();
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", StringDeserializer.class.getName());
        cp.put("isolation.level", isolation);
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp, WAIT) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.merge(r.value(), 1, Integer::sum);
                }
            }
            for (TopicPartition tp : tps) {
                assertEquals((long) end.get(tp), consumer.position(tp, WAIT), "read to the end of " + tp);
            }
        }
        return seen;
    }

    /** Waits for partition 0 to have a leader and all three replicas in sync: its leader. */
    private int awaitFullIsr() {
        AtomicReference<PartitionInfo> last = new AtomicReference<>();
        Eventually.eventually(Duration.ofSeconds(60), "every replica of partition 0 in sync, a leader", () -> {
            last.set(partitionZero());
            return last.get().leader() != null && last.get().inSyncReplicas().length == 3;
        });
        return last.get().leader().id();
    }

    /** Partition 0 as a fresh client's metadata has it (a new consumer: no cached metadata). */
    private PartitionInfo partitionZero() {
        Properties cp = props();
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            return consumer.partitionsFor(TOPIC, WAIT).stream().filter(p -> p.partition() == 0).findFirst().orElseThrow();
        }
    }

    private static Map<Integer, String> nodes(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .collect(Collectors.toMap(Node::id, n -> n.host() + ":" + n.port(), (a, b) -> a, TreeMap::new));
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Node id → Kafka address, from each running node's ready line. */
    private Map<Integer, String> kafkaAddresses() {
        Map<Integer, String> out = new TreeMap<>();
        for (int id = 1; id <= 3; id++) {
            NodeProcess n = cluster.node(id);
            if (n != null) {
                out.put(id, n.kafkaAddress());
            }
        }
        assertEquals(new HashSet<>(out.keySet()).size(), out.size());
        return out;
    }

    private Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.kafkaBootstrap());
        return p;
    }
}
