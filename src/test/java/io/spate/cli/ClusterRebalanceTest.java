package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving replicas in a running cluster with the CLI, while an acks=all producer and a group consumer
 * keep going: a 4th node joins and {@code spate cluster rebalance} gives it its share, then
 * {@code spate cluster decommission} drains a node; every acknowledged record is read back in order
 * and reaches the group. Then a node stops and comes back, and its preferred leaderships return.
 * One cluster of four slots (three started first) for all; the tests run in order.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRebalanceTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 6;
    @TempDir
    static Path root;
    static TestCluster cluster;
    static final ExecutorService threads = Executors.newFixedThreadPool(2);
    static final AtomicBoolean stop = new AtomicBoolean();
    /** Set by the producer once its last acknowledgement is in {@link #acked}: nothing is added after it. */
    static final AtomicBoolean produced = new AtomicBoolean();
    static final List<Long> acked = new CopyOnWriteArrayList<>();
    static final Set<Long> consumed = ConcurrentHashMap.newKeySet();
    static Future<?> producing;
    static Future<?> consuming;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(root, 4, "replica.lag.time.max.ms=3000", "leader.imbalance.check.interval.ms=2000");
        for (int slot = 0; slot < 3; slot++) {
            cluster.startAsync(slot);
        }
        Eventually.eventually(WAIT, "three nodes up", () -> cluster.running().size() == 3);
        CliRun created = spate("topic", "create", TOPIC, "--partitions", String.valueOf(PARTITIONS), "--replication-factor", "3");
        assertEquals(ExitCodes.OK, created.exitCode(), created::toString);
        producing = threads.submit(ClusterRebalanceTest::produce);
        consuming = threads.submit(ClusterRebalanceTest::consume);
        Eventually.eventually(WAIT, "the producer and the group under way", () -> acked.size() > 50 && !consumed.isEmpty());
        for (JsonNode p : describe().get("partitions")) {
            // created once three nodes were live, even though two were enough to start
            assertEquals(3, p.get("replicas").size(), "every partition has 3 replicas: " + p);
        }
    }

    @AfterAll
    static void stop() {
        stop.set(true);
        threads.shutdownNow();
        cluster.close();
    }

    static CliRun spate(String... args) {
        StringBuilder bootstrap = new StringBuilder();
        cluster.running().forEach(n -> bootstrap.append(bootstrap.length() == 0 ? "" : ",").append(n.address()));
        return CliRun.withEnv(Map.of(SpateCli.BOOTSTRAP_ENV, bootstrap.toString()), args);
    }

    @Test
    @Order(0)
    void badMovesAreRefusedWithAClearErrorAndChangeNothing() {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap()));
        try {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            List<Integer> replicas = Blocking.await(admin.describeTopic(TOPIC), WAIT).partitions().get(0).replicas();
            Map<String, ErrorCode> refusals = Map.of(
                    "empty", ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "twice", ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "not live", ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                    "unknown partition", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "cancel without a move", ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
            Map<String, Map<TopicPartition, Optional<List<Integer>>>> requests = Map.of(
                    "empty", Map.of(tp, Optional.of(List.of())),
                    "twice", Map.of(tp, Optional.of(List.of(replicas.get(0), replicas.get(0)))),
                    "not live", Map.of(tp, Optional.of(List.of(replicas.get(0), 999))),
                    "unknown partition", Map.of(new TopicPartition(TOPIC, PARTITIONS), Optional.of(replicas)),
                    "cancel without a move", Map.of(tp, Optional.empty()));
            refusals.forEach((what, error) -> {
                SpateException e = assertThrows(SpateException.class,
                        () -> Blocking.await(admin.alterPartitionReassignments(requests.get(what)), WAIT), what);
                assertEquals(error, e.error(), what + ": " + e.getMessage());
            });
            assertEquals(Map.of(), Blocking.await(admin.listPartitionReassignments(), WAIT), "nothing started");
            assertEquals(replicas, Blocking.await(admin.describeTopic(TOPIC), WAIT).partitions().get(0).replicas());
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    @Test
    @Order(1)
    void aFourthNodeGetsItsShareFromRebalanceWhileClientsRun() {
        cluster.start(3);
        int newNode = cluster.node(3).nodeId();
        Eventually.eventually(WAIT, "node " + newNode + " in the metadata", () -> nodeIds(describe()).contains(newNode));
        assertEquals(0, replicaCount(describe(), newNode), "a node that joins holds nothing until a rebalance");

        CliRun dryRun = spate("cluster", "rebalance");
        assertEquals(ExitCodes.OK, dryRun.exitCode(), dryRun::toString);
        assertTrue(dryRun.out().contains("Dry run: nothing changed"), dryRun::toString);
        assertTrue(dryRun.out().contains(newNode + ": 0 -> "), "the plan gives the new node replicas: " + dryRun);
        assertEquals(0, replicaCount(describe(), newNode), "a dry run moves nothing");

        long before = acked.size();
        CliRun run = spate("cluster", "rebalance", "--execute", "--wait", "--timeout-ms", "120000");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Every move has completed."), run::toString);

        JsonNode after = describe();
        int total = 0;
        for (int id : nodeIds(after)) {
            total += replicaCount(after, id);
        }
        int share = total / 4;
        for (int id : nodeIds(after)) {
            int c = replicaCount(after, id);
            assertTrue(c >= share - 1 && c <= share + 1, "node " + id + " holds " + c + " of " + total + " replicas");
        }
        awaitHealthy();
        CliRun again = spate("cluster", "rebalance");
        assertTrue(again.out().contains("nothing to move"), "a rebalanced cluster plans no move: " + again);
        Eventually.eventually(WAIT, "writes acknowledged after the moves", () -> acked.size() > before + 100);
    }

    @Test
    @Order(2)
    void decommissionDrainsANodeAndItDeletesItsCopies() throws Exception {
        int drained = cluster.node(0).nodeId();
        CliRun plan = spate("cluster", "decommission", String.valueOf(drained), "--json");
        assertEquals(ExitCodes.OK, plan.exitCode(), plan::toString);
        assertFalse(Json.parse(plan.out()).get("executed").asBoolean());
        assertTrue(Json.parse(plan.out()).get("moves").size() > 0, plan::toString);

        CliRun run = spate("cluster", "decommission", String.valueOf(drained), "--execute", "--wait", "--timeout-ms", "120000");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(0, replicaCount(describe(), drained), "node " + drained + " holds no replica");
        awaitHealthy();
        Path data = cluster.config(0).dataDir();
        Eventually.eventually(WAIT, "node " + drained + " deleted its partition directories", () -> {
            try (Stream<Path> dirs = Files.list(data)) {
                return dirs.noneMatch(d -> d.getFileName().toString().startsWith(TOPIC + "-"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliRun refused = spate("cluster", "decommission", "99");
        assertEquals(ExitCodes.FAILED, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("node 99 is not live and holds no replica"), refused::toString);
    }

    @Test
    @Order(3)
    void everyAcknowledgedRecordIsReadBackInOrderAndReachedTheGroup() throws Exception {
        long target = acked.size() + 100;
        Eventually.eventually(WAIT, "more writes acknowledged", () -> acked.size() > target);
        stop.set(true);
        producing.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        Eventually.eventually(WAIT, "the group consumed every acknowledged record", () -> {
            if (consuming.isDone() && !consumed.containsAll(acked)) {
                try {
                    consuming.get();
                } catch (Exception e) {
                    throw new AssertionError("the group's consumer thread died", e);
                }
            }
            return consumed.containsAll(acked);
        }, () -> "missing " + acked.stream().filter(n -> !consumed.contains(n)).limit(20).toList() + "; group "
                + spate("group", "describe", "billing"));
        consuming.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        Map<Integer, List<Long>> read = readAll();
        List<Long> all = new ArrayList<>();
        read.forEach((p, values) -> {
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i) >= values.get(i - 1), "partition " + p + " in order at " + i + ": " + values);
            }
            all.addAll(values);
        });
        assertTrue(Set.copyOf(all).containsAll(acked), "every acknowledged record is in the log");
        assertTrue(acked.size() > 300, "enough traffic ran through the moves: " + acked.size());
    }

    @Test
    @Order(4)
    void aNodeThatComesBackGetsItsPreferredLeadershipsBack() {
        int slot = 1;
        int node = cluster.node(slot).nodeId();
        Eventually.eventually(WAIT, "node " + node + " leads its preferred partitions", () -> preferredLeadersLead(node));
        assertTrue(preferredCount(describe(), node) > 0, "node " + node + " is preferred leader of some partitions");
        cluster.stop(slot);
        Eventually.eventually(WAIT, "others lead node " + node + "'s partitions", () -> ledBy(describe(), node) == 0);
        cluster.start(slot);
        Eventually.eventually(WAIT, "node " + node + " leads its preferred partitions again", () -> preferredLeadersLead(node));
    }

    // ---- clients ----

    /** One record at a time, acks=all: a number counts as acknowledged only when its write succeeded. */
    private static void produce() {
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap())
                .setAcks((short) -1).setDeliveryTimeoutMs(40_000));
        for (long n = 0; !stop.get(); n++) {
            try {
                Blocking.await(producer.send(new ProducerRecord(TOPIC, null, Long.toString(n).getBytes(StandardCharsets.UTF_8))),
                        Duration.ofSeconds(60));
                acked.add(n);
            } catch (RuntimeException e) {
                // not acknowledged: it may or may not be in the log, and is not checked
            }
        }
        produced.set(true);
        Blocking.await(producer.close(), WAIT);
    }

    /**
     * A group member that records what it polls until the producer has finished and everything it
     * acknowledged has come (or the test stops it). Not {@code stop}: a send acknowledged by the
     * cluster is in {@link #acked} only a moment later, and a consumer that left then would miss it.
     */
    private static void consume() {
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap())
                .setGroupId("billing").setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        consumer.subscribe(List.of(TOPIC));
        while (!(produced.get() && consumed.containsAll(acked)) && !Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(300))) {
                consumed.add(Long.parseLong(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        Blocking.await(consumer.close(), WAIT);
    }

    private static Map<Integer, List<Long>> readAll() {
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap())
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartition(TOPIC, p));
        }
        consumer.assign(tps);
        Map<Integer, List<Long>> out = new HashMap<>();
        Set<Long> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!seen.containsAll(acked) && System.nanoTime() < deadline) {
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(300))) {
                long v = Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));
                out.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(v);
                seen.add(v);
            }
        }
        Blocking.await(consumer.close(), WAIT);
        return out;
    }

    private static String bootstrap() {
        return cluster.node(2).address();
    }

    // ---- the cluster as `spate cluster describe --json` shows it ----

    private static JsonNode describe() {
        CliRun r = spate("cluster", "describe", "--json");
        assertEquals(ExitCodes.OK, r.exitCode(), r::toString);
        return Json.parse(r.out());
    }

    private static List<Integer> nodeIds(JsonNode doc) {
        List<Integer> ids = new ArrayList<>();
        doc.get("nodes").forEach(n -> ids.add(n.get("id").asInt()));
        return ids;
    }

    private static int replicaCount(JsonNode doc, int node) {
        int c = 0;
        for (JsonNode p : doc.get("partitions")) {
            for (JsonNode r : p.get("replicas")) {
                c += r.asInt() == node ? 1 : 0;
            }
        }
        return c;
    }

    private static int preferredCount(JsonNode doc, int node) {
        int c = 0;
        for (JsonNode p : doc.get("partitions")) {
            c += p.get("replicas").get(0).asInt() == node ? 1 : 0;
        }
        return c;
    }

    private static int ledBy(JsonNode doc, int node) {
        int c = 0;
        for (JsonNode p : doc.get("partitions")) {
            c += p.get("leader").asInt() == node ? 1 : 0;
        }
        return c;
    }

    /** Every partition whose preferred replica is {@code node} is led by it, with a full ISR. */
    private static boolean preferredLeadersLead(int node) {
        for (JsonNode p : describe().get("partitions")) {
            if (p.get("replicas").get(0).asInt() == node
                    && (p.get("leader").asInt() != node || !p.get("state").asText().equals("OK"))) {
                return false;
            }
        }
        return true;
    }

    private static void awaitHealthy() {
        Eventually.eventually(WAIT, "cluster health exits 0", () -> spate("cluster", "health").exitCode() == ExitCodes.OK);
    }
}
