package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.IsolationLevel;
import io.spate.client.NewTopic;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.PartitionInfo;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.RecordMetadata;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.protocol.TopicPartition;
import io.spate.testing.EosWorker;
import io.spate.testing.Eventually;
import io.spate.testing.ProcessCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: transactions under faults, on 3 fat-jar nodes (one cluster for every case, the most
 * disruptive case last). (1) A consume-transform-produce process with read_committed is killed -9 at
 * random points and restarted 10 times: the output holds each input record's result exactly once,
 * and read_uncommitted also sees the aborted attempts. (2) A hung producer's transaction is aborted by
 * the coordinator after its timeout, which unblocks the last stable offset. (3) Zombie fencing: the old
 * instance's writes after the new instance's init are refused. (4) The coordinator is killed -9
 * between PrepareCommit and the markers (the partition's only replica frozen meanwhile): the commit
 * completes after the failover. The counts are printed.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransactionsFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    @TempDir
    static Path root;
    private static ProcessCluster cluster;
    private static SpateAdmin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ProcessCluster(root, "txn", 3, "cluster.failure.timeout.ms=5000", "replica.lag.time.max.ms=5000",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000").startAll();
        admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(cluster.bootstrap()));
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            Blocking.await(admin.close(), WAIT);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void consumeTransformProduceKilledTenTimesWritesEachResultOnce() throws Exception {
        createTopic("eos-in", 3);
        createTopic("eos-out", 3);
        int inputs = 30_000;
        SpateProducer input = SpateProducer.create(new ProducerConfig().setBootstrapServers(cluster.bootstrap()));
        List<io.vertx.core.Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            sent.add(input.send(new ProducerRecord("eos-in", i % PARTITIONS, null, Integer.toString(i).getBytes(
                    StandardCharsets.UTF_8))));
        }
        sent.forEach(f -> Blocking.await(f, WAIT));
        Blocking.await(input.close(), WAIT);

        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        for (int kill = 1; kill <= 10; kill++) {
            Worker w = Worker.start(kill);
            w.awaitReady();
            Thread.sleep(200 + random.nextInt(2_500));
            w.kill9();
            System.out.println("TransactionsFaultsIT: worker " + kill + " killed -9 after " + w.lastCommitted()
                    + " records committed by it");
        }
        Worker last = Worker.start(11);
        try {
            last.awaitReady();
            Eventually.eventually(Duration.ofSeconds(180), "every input consumed and committed by the group", () -> {
                Map<TopicPartition, io.spate.client.CommittedOffset> committed = Blocking.await(
                        admin.listGroupOffsets("eos"), WAIT);
                long total = committed.values().stream().mapToLong(io.spate.client.CommittedOffset::offset).sum();
                return total == inputs;
            });
        } finally {
            last.kill9();
        }
        List<String> committed = read("eos-out", IsolationLevel.READ_COMMITTED, inputs);
        Map<String, Integer> counts = new HashMap<>();
        committed.forEach(v -> counts.merge(v, 1, Integer::sum));
        int duplicates = (int) counts.values().stream().filter(c -> c > 1).count();
        int missing = 0;
        for (int i = 0; i < inputs; i++) {
            if (!counts.containsKey("out-" + i)) {
                missing++;
            }
        }
        List<String> all = read("eos-out", IsolationLevel.READ_UNCOMMITTED, inputs);
        System.out.println("TransactionsFaultsIT: 10 kills -9 (seed " + seed + "): " + inputs + " inputs, "
                + committed.size() + " outputs read_committed, " + duplicates + " duplicated, " + missing + " missing; "
                + all.size() + " read_uncommitted (" + (all.size() - committed.size()) + " of aborted transactions)");
        assertEquals(0, duplicates, "no input's result twice");
        assertEquals(0, missing, "every input's result");
        assertEquals(inputs, committed.size());
        assertTrue(all.size() >= committed.size());
    }

    @Test
    @Order(2)
    void aHungTransactionIsAbortedAtItsTimeoutAndUnblocksTheStableOffset() throws Exception {
        createTopic("hung", 1);
        TopicPartition tp = new TopicPartition("hung", 0);
        SpateProducer plain = SpateProducer.create(new ProducerConfig().setBootstrapServers(cluster.bootstrap()));
        Blocking.await(plain.send(new ProducerRecord("hung", 0, null, "before".getBytes(StandardCharsets.UTF_8))), WAIT);
        SpateProducer hung = SpateProducer.create(new ProducerConfig().setBootstrapServers(cluster.bootstrap())
                .setTransactionalId("hung-1").setTransactionTimeoutMs(3_000));
        Blocking.await(hung.initTransactions(), WAIT);
        hung.beginTransaction();
        for (int i = 0; i < 5; i++) {
            Blocking.await(hung.send(new ProducerRecord("hung", 0, null, ("hung-" + i).getBytes(StandardCharsets.UTF_8))),
                    WAIT);
        }
        // written and acknowledged, not committed: read_committed stops at the transaction's first offset
        Blocking.await(plain.send(new ProducerRecord("hung", 0, null, "after".getBytes(StandardCharsets.UTF_8))), WAIT);
        assertEquals(1L, endOffset(tp, IsolationLevel.READ_COMMITTED));
        assertEquals(7L, endOffset(tp, IsolationLevel.READ_UNCOMMITTED));
        long start = System.nanoTime();
        Eventually.eventually(WAIT, "the hung transaction aborted by the coordinator",
                () -> endOffset(tp, IsolationLevel.READ_COMMITTED) == 8L); // 7 records + the ABORT marker
        System.out.println("TransactionsFaultsIT: the hung transaction (timeout 3 s) was aborted, the stable offset"
                + " moved after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms more");
        assertEquals(List.of("before", "after"), read("hung", IsolationLevel.READ_COMMITTED, 2));
        assertEquals(7, read("hung", IsolationLevel.READ_UNCOMMITTED, 7).size());
        assertThrows(RuntimeException.class, () -> Blocking.await(hung.commitTransaction(), WAIT),
                "the timed-out producer cannot commit");
        Blocking.await(plain.close(), WAIT);
        hung.close();
    }

    @Test
    @Order(3)
    void aZombiesWritesAfterTheNewInstanceInitAreRefused() throws Exception {
        createTopic("zombie", 1);
        SpateProducer old = SpateProducer.create(new ProducerConfig().setBootstrapServers(cluster.bootstrap())
                .setTransactionalId("zombie-1"));
        Blocking.await(old.initTransactions(), WAIT);
        old.beginTransaction();
        for (int i = 0; i < 3; i++) {
            Blocking.await(old.send(new ProducerRecord("zombie", 0, null, ("old-" + i).getBytes(StandardCharsets.UTF_8))),
                    WAIT);
        }
        SpateProducer fresh = SpateProducer.create(new ProducerConfig().setBootstrapServers(cluster.bootstrap())
                .setTransactionalId("zombie-1"));
        Blocking.await(fresh.initTransactions(), WAIT);
        RuntimeException refused = assertThrows(RuntimeException.class, () -> Blocking.await(old.send(
                new ProducerRecord("zombie", 0, null, "old-late".getBytes(StandardCharsets.UTF_8))), WAIT));
        System.out.println("TransactionsFaultsIT: the zombie's write after the new init: " + refused.getMessage());
        assertThrows(RuntimeException.class, () -> Blocking.await(old.commitTransaction(), WAIT));
        fresh.beginTransaction();
        for (int i = 0; i < 2; i++) {
            fresh.send(new ProducerRecord("zombie", 0, null, ("new-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Blocking.await(fresh.commitTransaction(), WAIT);
        assertEquals(List.of("new-0", "new-1"), read("zombie", IsolationLevel.READ_COMMITTED, 2));
        List<String> all = read("zombie", IsolationLevel.READ_UNCOMMITTED, 5);
        assertEquals(List.of("old-0", "old-1", "old-2", "new-0", "new-1"), all, "the late write is nowhere");
        old.close();
        Blocking.await(fresh.close(), WAIT);
    }

    @Test
    @Order(4)
    void aCoordinatorKilledBetweenPrepareCommitAndTheMarkersCommitsAfterFailover() throws Exception {
        // one replica per partition: while its node is frozen, no marker can be written to it anywhere
        Blocking.await(admin.createTopics(List.of(new NewTopic("prepared", PARTITIONS, (short) 1, Map.of()))), WAIT);
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(cluster.bootstrap())
                .setTransactionalId("prepared-1").setDeliveryTimeoutMs(120_000));
        Blocking.await(producer.initTransactions(), WAIT);
        int coordinator = Blocking.await(admin.describeTransaction("prepared-1"), WAIT).coordinatorId();
        PartitionInfo target = Blocking.await(admin.describeTopic("prepared"), WAIT).partitions().stream()
                .filter(p -> p.leader() != coordinator).findFirst().orElseThrow();
        int frozen = target.leader();
        assertNotEquals(coordinator, frozen);
        producer.beginTransaction();
        for (int i = 0; i < 10; i++) {
            Blocking.await(producer.send(new ProducerRecord("prepared", target.partition(), null,
                    ("p-" + i).getBytes(StandardCharsets.UTF_8))), WAIT);
        }
        cluster.node(frozen).signal("STOP");
        try {
            // answered once PrepareCommit is durable in __transaction_state; the marker cannot be written
            Blocking.await(producer.commitTransaction(), WAIT);
            assertEquals("PrepareCommit", Blocking.await(admin.describeTransaction("prepared-1"), WAIT).state());
            cluster.kill9(coordinator);
        } finally {
            cluster.node(frozen).signal("CONT");
        }
        long start = System.nanoTime();
        Eventually.eventually(Duration.ofSeconds(120), "the commit completed by the next coordinator", () -> {
            try {
                return "CompleteCommit".equals(Blocking.await(admin.describeTransaction("prepared-1"),
                        Duration.ofSeconds(10)).state());
            } catch (RuntimeException e) {
                return false;
            }
        });
        int next = Blocking.await(admin.describeTransaction("prepared-1"), WAIT).coordinatorId();
        System.out.println("TransactionsFaultsIT: coordinator " + coordinator + " killed -9 in PrepareCommit; node "
                + next + " completed the commit after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        List<String> values = read("prepared", IsolationLevel.READ_COMMITTED, 10);
        assertEquals(10, values.size(), values.toString());
        producer.close();
        cluster.start(coordinator);
    }

    private static void createTopic(String name, int partitions) {
        Blocking.await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3,
                Map.of("min.insync.replicas", "2")))), WAIT);
        Eventually.eventually(WAIT, name + " with 3 replicas in sync", () -> {
            try {
                return Blocking.await(admin.describeTopic(name), WAIT).partitions().stream()
                        .allMatch(p -> p.isr().size() == 3 && p.leader() > 0);
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static long endOffset(TopicPartition tp, IsolationLevel isolation) {
        SpateConsumer c = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(cluster.bootstrap())
                .setIsolationLevel(isolation));
        try {
            return Blocking.await(c.endOffsets(List.of(tp)), WAIT).get(tp);
        } finally {
            Blocking.await(c.close(), WAIT);
        }
    }

    /** Every record of {@code topic}'s partitions from the start, until {@code expected} arrived and 1 s passed without more. */
    private static List<String> read(String topic, IsolationLevel isolation, int expected) {
        SpateConsumer c = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(cluster.bootstrap())
                .setIsolationLevel(isolation).setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        List<String> values = new ArrayList<>();
        try {
            int partitions = Blocking.await(admin.describeTopic(topic), WAIT).partitions().size();
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            c.assign(tps);
            long deadline = System.nanoTime() + WAIT.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord> records = c.poll(Duration.ofMillis(200));
                records.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (values.size() >= expected && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(1)) {
                    break;
                }
            }
        } finally {
            Blocking.await(c.close(), WAIT);
        }
        return values;
    }

    /** An {@link EosWorker} JVM, its output read line by line. */
    private static final class Worker {
        private final Process process;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private volatile String lastCommitted = "0";

        private Worker(Process process) {
            this.process = process;
            Thread reader = new Thread(this::readOutput, "eos-worker-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Worker start(int n) throws Exception {
            Path logs = Path.of("target", "node-logs");
            Files.createDirectories(logs);
            String cp = System.getProperty("surefire.test.class.path");
            cp = cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-XX:TieredStopAtLevel=1", "-cp", cp, EosWorker.class.getName(), cluster.bootstrap(), "eos-in",
                    "eos-out", "eos", "eos-worker", Integer.toString(PARTITIONS));
            return new Worker(new ProcessBuilder(cmd).redirectError(logs.resolve("eos-worker-" + n + ".log").toFile())
                    .start());
        }

        private void readOutput() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("ready")) {
                        ready.complete(null);
                    } else if (line.startsWith("committed ")) {
                        lastCommitted = line.substring("committed ".length());
                    }
                }
            } catch (java.io.IOException e) {
                // the process was killed
            }
        }

        void awaitReady() throws Exception {
            ready.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        String lastCommitted() {
            return lastCommitted;
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
