package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.testing.DriverProcess;
import io.spate.testing.Eventually;
import io.spate.testing.NetnsLab;
import io.spate.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15's partition tests, for real: three fat-jar nodes,
 * each in a network namespace of its own behind a routing hub ({@link NetnsLab}), partitioned by
 * nftables drops in the hub. Clients are {@link io.spate.testing.PartitionDriver}s: one in each
 * node's namespace (a client on that node's side of a cut, which reaches only that side) and one in
 * the hub (reaches every node whatever the cut: it watches every node's DescribeQuorum and reads
 * the data afterwards). The scenarios share one cluster and run in order; each heals and waits for a
 * whole cluster before it ends. Every figure measured is printed ("NetworkPartitionIT: ...").
 */
@Timeout(900)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkPartitionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** cluster.failure.timeout.ms and replica.lag.time.max.ms of these nodes. */
    private static final long FAILURE_TIMEOUT_MS = 5_000;
    /** The fencing lease (QuorumOptions) and its check interval (lease / 10, LeaseFence). */
    private static final long LEASE_MS = 2_500;
    private static final long LEASE_CHECK_MS = 250;
    /** A creation's bound in the client: under the quorum's own 10 s, so every answer comes while the cut lasts. */
    private static final int CREATE_TIMEOUT_MS = 8_000;

    private Path root;
    private NetnsLab lab;
    private ProcessCluster cluster;
    private final Map<Integer, DriverProcess> sideDrivers = new LinkedHashMap<>();
    private DriverProcess hub;
    private EpochWatch watch;

    @BeforeAll
    void startCluster() throws Exception {
        root = Files.createTempDirectory("spate-netns-it");
        lab = NetnsLab.create(3);
        cluster = new ProcessCluster(root, "netns", 3, lab.placement(),
                "cluster.failure.timeout.ms=" + FAILURE_TIMEOUT_MS, "replica.lag.time.max.ms=" + FAILURE_TIMEOUT_MS,
                "group.initial.rebalance.delay.ms=0");
        cluster.startAll();
        hub = DriverProcess.start("hub", NetnsLab.exec(lab.hubNamespace()));
        for (int k = 1; k <= 3; k++) {
            sideDrivers.put(k, DriverProcess.start("n" + k, NetnsLab.exec(lab.nodeNamespace(k))));
        }
        watch = new EpochWatch();
        watch.start();
        awaitWholeCluster();
    }

    @AfterAll
    void stopCluster() {
        if (watch != null) {
            watch.stop();
        }
        sideDrivers.values().forEach(DriverProcess::close);
        if (hub != null) {
            hub.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void anIsolatedControllerAcknowledgesNoChangeAndLosesNone() {
        changesOnBothSides("s1", 5, 5);
    }

    @Test
    @Order(2)
    void aMinorityThatTriesMoreChangesStillWinsNothing() {
        changesOnBothSides("s2", 12, 3);
    }

    @Test
    @Order(3)
    void aCutOffFollowerLeavesTheIsrWithinTheFailureTimeout() throws Exception {
        String topic = "follower-cut";
        int creator = anyNode();
        assertOk(sideDrivers.get(creator).call(WAIT, "create", address(creator), topic, 1, 3, CREATE_TIMEOUT_MS));
        JsonNode p = awaitFullIsr(topic);
        int leader = p.path("leader").asInt();
        int controller = controller();
        // a follower that is not the controller: the quorum keeps its leader, the cut is the follower's alone
        int follower = List.of(1, 2, 3).stream().filter(n -> n != leader && n != controller).findFirst()
                .orElse(List.of(1, 2, 3).stream().filter(n -> n != leader).findFirst().orElseThrow());
        DriverProcess producer = sideDrivers.get(leader);
        List<String> acked = new CopyOnWriteArrayList<>();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                JsonNode a;
                try {
                    a = producer.call(WAIT, "produce", address(leader), topic, 0, -1, 10, 30_000, "v" + i);
                } catch (IllegalStateException stopped) {
                    return;
                }
                if (a.path("ok").asBoolean()) {
                    acked.add("v" + i);
                    latencies.add(a.path("ms").asLong());
                }
            }
        }, "acks-all-writer");
        writer.start();
        try {
            Eventually.eventually(WAIT, "acks=all writes flowing", () -> acked.size() >= 20);
            int before = acked.size();
            long cutAt = System.nanoTime();
            lab.isolate(follower);
            long shrunkMs = -1;
            long deadline = cutAt + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode d = hub.call(WAIT, "describe", address(leader), topic);
                if (d.path("ok").asBoolean() && !contains(d.path("partitions").get(0).path("isr"), follower)) {
                    shrunkMs = (System.nanoTime() - cutAt) / 1_000_000;
                    break;
                }
                Thread.sleep(100);
            }
            // keep writing past the shrink, with the follower still cut off
            Thread.sleep(3_000);
            long maxStall = latencies.subList(Math.max(0, before - 1), latencies.size()).stream()
                    .mapToLong(Long::longValue).max().orElse(-1);
            lab.heal();
            Eventually.eventually(WAIT, "the follower back in the ISR", () -> isrSize(topic, leader) == 3);
            writer.interrupt();
            writer.join(TimeUnit.SECONDS.toMillis(40));
            int ackedCount = acked.size();
            List<String> read = values(hub.call(WAIT, "read", address(leader), topic, 0, 30_000));
            System.out.println("NetworkPartitionIT: follower " + follower + " cut off (leader " + leader + "): left the ISR "
                    + shrunkMs + " ms after the cut; longest acks=all write " + maxStall + " ms; " + ackedCount
                    + " acks=all records acknowledged, " + ackedCount + " of them read back, lost "
                    + acked.stream().filter(v -> !read.contains(v)).count());
            assertTrue(shrunkMs >= 0, "the cut-off follower " + follower + " never left the ISR on the majority side");
            // the controller drops it once Hazelcast declares it dead (failure timeout) or the leader once it
            // lags replica.lag.time.max.ms; + 3 s for Hazelcast's heartbeat period (1 s), the Raft commit of the
            // ISR change and this test's polling on a loaded 2-core machine
            assertTrue(shrunkMs <= FAILURE_TIMEOUT_MS + 3_000, "left the ISR after " + shrunkMs + " ms");
            assertTrue(maxStall <= FAILURE_TIMEOUT_MS + 3_000, "an acks=all write stalled " + maxStall + " ms");
            assertTrue(read.containsAll(acked), "every acknowledged record read back");
            assertReplicasEqual(topic);
        } finally {
            writer.interrupt();
            lab.heal();
        }
        awaitWholeCluster();
    }

    @Test
    @Order(4)
    void aCutOffLeaderRefusesAcksOneWithinItsLease() throws Exception {
        String topic = "leader-cut";
        int creator = anyNode();
        // three partitions, one led by each node: the one the controller leads is cut off with the quorum's
        // leader, the hardest case (the majority must elect a Raft leader before it can move the partition)
        assertOk(sideDrivers.get(creator).call(WAIT, "create", address(creator), topic, 3, 3, CREATE_TIMEOUT_MS));
        int leader = controller();
        int part = awaitPartitionLedBy(topic, leader);
        List<String> ackedAll = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            assertOk(hub.call(WAIT, "produce", address(leader), topic, part, -1, 10, 30_000, "before-" + i));
            ackedAll.add("before-" + i);
        }
        DriverProcess inside = sideDrivers.get(leader); // a client on the cut-off leader's side
        // warm the acks=1 producer up before the cut: its first metadata must not be what is measured
        assertOk(inside.call(WAIT, "produce", address(leader), topic, part, 1, 0, 3_000, "one-warm"));
        long cutAt = System.nanoTime();
        lab.isolate(leader);
        List<String> ackedOneAfterCut = new ArrayList<>();
        long firstRefusalMs = -1;
        String refusal = null;
        int tries = 0;
        while (System.nanoTime() - cutAt < Duration.ofSeconds(8).toNanos()) {
            JsonNode a = inside.call(WAIT, "produce", address(leader), topic, part, 1, 0, 3_000, "one-" + tries);
            long at = (System.nanoTime() - cutAt) / 1_000_000;
            if (a.path("ok").asBoolean()) {
                assertTrue(firstRefusalMs < 0, "acks=1 write one-" + tries + " acknowledged at " + at
                        + " ms, after the fence refused one at " + firstRefusalMs + " ms");
                ackedOneAfterCut.add("one-" + tries);
            } else if (firstRefusalMs < 0) {
                firstRefusalMs = at;
                refusal = a.path("code").asText() + " " + a.path("error").asText();
            }
            tries++;
            Thread.sleep(20);
        }
        // the majority elects another leader for the partition and takes acks=all writes meanwhile
        int majority = List.of(1, 2, 3).stream().filter(n -> n != leader).findFirst().orElseThrow();
        long newLeaderMs = -1;
        while (System.nanoTime() - cutAt < Duration.ofSeconds(30).toNanos()) {
            JsonNode d = hub.call(WAIT, "describe", address(majority), topic);
            int l = d.path("ok").asBoolean() ? d.path("partitions").get(part).path("leader").asInt() : -1;
            if (l > 0 && l != leader) {
                newLeaderMs = (System.nanoTime() - cutAt) / 1_000_000;
                break;
            }
            Thread.sleep(100);
        }
        for (int i = 0; i < 10; i++) {
            assertOk(sideDrivers.get(majority).call(WAIT, "produce", address(majority), topic, part, -1, 10, 30_000,
                    "majority-" + i));
            ackedAll.add("majority-" + i);
        }
        lab.heal();
        Eventually.eventually(WAIT, "all three replicas in the ISR again", () -> isrSize(topic, part, majority) == 3);
        List<String> read = values(hub.call(WAIT, "read", address(majority), topic, part, 30_000));
        long oneSurvived = ackedOneAfterCut.stream().filter(read::contains).count();
        System.out.println("NetworkPartitionIT: leader " + leader + " of " + topic + "-" + part + " (and of the quorum) cut off: first acks=1 refusal " + firstRefusalMs
                + " ms after the cut (" + refusal + "), " + ackedOneAfterCut.size() + " acks=1 writes taken before it ("
                + oneSurvived + " of them survived the heal), " + tries + " tried; new partition leader on the majority "
                + newLeaderMs + " ms after the cut; " + ackedAll.size() + " acks=all records acknowledged, lost "
                + ackedAll.stream().filter(v -> !read.contains(v)).count());
        assertTrue(firstRefusalMs >= 0, "the cut-off leader never refused an acks=1 write");
        assertTrue(refusal.startsWith("NOT_LEADER_OR_FOLLOWER"), refusal);
        // fenced at most lease + check interval after its last contact; + 500 ms for this probe's own pace
        // (one write every ~20 ms plus its round trip through the driver) on a loaded machine
        assertTrue(firstRefusalMs <= LEASE_MS + LEASE_CHECK_MS + 500, "first refusal after " + firstRefusalMs + " ms");
        assertTrue(newLeaderMs > 0, "the majority elected another leader");
        assertTrue(read.containsAll(ackedAll), "every acks=all record after the heal: read " + read);
        assertReplicasEqual(topic, part);
        awaitWholeCluster();
    }

    /**
     * Each node in turn cut off for 5 s, then 5 s healed, while a client in the hub writes acks=all to
     * a 3-replica partition and creates a topic every second: 30 s in the suite, the long version with
     * {@code scripts/probe/netsplit.sh --seconds N} (which sets {@code spate.netsplit.flap.seconds}).
     */
    @Test
    @Order(5)
    void aFlappingNodeLosesNothing() throws Exception {
        long seconds = Long.getLong("spate.netsplit.flap.seconds", 30);
        String topic = "flap";
        String all = cluster.bootstrap();
        assertOk(hub.call(WAIT, "create", all, topic, 1, 3, 30_000));
        awaitFullIsr(topic);
        List<String> acked = new CopyOnWriteArrayList<>();
        List<String> created = new CopyOnWriteArrayList<>();
        long[] maxStall = {0};
        int[] tried = {0, 0};
        Thread writer = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                try {
                    JsonNode a = hub.call(WAIT, "produce", all, topic, 0, -1, 10, 30_000, "f" + i);
                    tried[0]++;
                    if (a.path("ok").asBoolean()) {
                        acked.add("f" + i);
                        maxStall[0] = Math.max(maxStall[0], a.path("ms").asLong());
                    }
                } catch (IllegalStateException stopped) {
                    return;
                }
            }
        }, "flap-writer");
        Thread creator = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                try {
                    JsonNode a = hub.call(WAIT, "create", address(i % 3 + 1), "flap-" + i, 1, 1, CREATE_TIMEOUT_MS);
                    tried[1]++;
                    if (a.path("ok").asBoolean()) {
                        created.add("flap-" + i);
                    }
                    Thread.sleep(1_000);
                } catch (IllegalStateException | InterruptedException stopped) {
                    return;
                }
            }
        }, "flap-creator");
        writer.start();
        creator.start();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        int cuts = 0;
        try {
            while (System.nanoTime() < end) {
                lab.isolate(cuts % 3 + 1);
                cuts++;
                Thread.sleep(5_000);
                lab.heal();
                Thread.sleep(5_000);
            }
        } finally {
            lab.heal();
            creator.interrupt();
            writer.interrupt();
            creator.join(60_000);
            writer.join(60_000);
        }
        awaitWholeCluster();
        List<String> read = values(hub.call(WAIT, "read", all, topic, 0, 120_000));
        List<String> missingTopics = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            JsonNode t = hub.call(WAIT, "topics", address(k));
            Set<String> names = new HashSet<>();
            t.path("topics").forEach(n -> names.add(n.asText()));
            int node = k;
            created.stream().filter(c -> !names.contains(c)).forEach(c -> missingTopics.add(c + "@" + node));
        }
        long lost = acked.stream().filter(v -> !read.contains(v)).count();
        System.out.println("NetworkPartitionIT: flapping " + seconds + " s, " + cuts + " cuts of 5 s: " + tried[0]
                + " acks=all writes, " + acked.size() + " acknowledged, lost " + lost + ", longest " + maxStall[0]
                + " ms; " + tried[1] + " creations, " + created.size() + " acknowledged, missing " + missingTopics.size()
                + "; metadata epochs " + watch.summary());
        assertEquals(0, lost, "acknowledged records lost");
        assertEquals(List.of(), missingTopics, "acknowledged topics missing");
        assertReplicasEqual(topic);
        watch.failIfWentBack();
    }

    /**
     * Cuts the controller off for at least 15 s while each side's client tries changes through its own
     * side: {@code minorityTries} topic creations through the controller, {@code majorityTries} through
     * a node of the majority, spread over the first 10 s. The cut lasts until every minority attempt
     * was answered: an answer that came after the heal would not be the minority's.
     */
    private void changesOnBothSides(String prefix, int minorityTries, int majorityTries) {
        int isolated = controller();
        int majorityNode = List.of(1, 2, 3).stream().filter(n -> n != isolated).findFirst().orElseThrow();
        watch.failIfWentBack();
        long cutAt = System.nanoTime();
        lab.isolate(isolated);
        Map<String, CompletableFuture<JsonNode>> minority = new LinkedHashMap<>();
        Map<String, CompletableFuture<JsonNode>> majority = new LinkedHashMap<>();
        // one replica each: a creation is a metadata change the quorum must commit wherever the node
        // that takes it sees fewer live nodes (with two, a minority node refuses it before proposing)
        int slots = minorityTries + majorityTries;
        int m = 0;
        int j = 0;
        for (int slot = 0; slot < slots; slot++) {
            sleepUntil(cutAt, slot * 10_000L / slots);
            // interleave the two sides in proportion to their tries
            boolean minorityTurn = j >= majorityTries || (m < minorityTries && m * majorityTries <= j * minorityTries);
            if (minorityTurn) {
                String t = prefix + "-minority-" + m++;
                minority.put(t, sideDrivers.get(isolated).send("create", address(isolated), t, 2, 1, CREATE_TIMEOUT_MS));
            } else {
                String t = prefix + "-majority-" + j++;
                majority.put(t, sideDrivers.get(majorityNode).send("create", address(majorityNode), t, 2, 1,
                        CREATE_TIMEOUT_MS));
            }
        }
        sleepUntil(cutAt, 15_000);
        Map<String, JsonNode> minorityAnswers = answers(minority);
        long cutMs = (System.nanoTime() - cutAt) / 1_000_000;
        long failoverMs = watch.firstOtherLeaderMs(isolated, cutAt);
        lab.heal();
        Map<String, JsonNode> majorityAnswers = answers(majority);
        List<String> majorityAcked = majorityAnswers.entrySet().stream().filter(e -> e.getValue().path("ok").asBoolean())
                .map(Map.Entry::getKey).toList();
        List<String> minorityAcked = minorityAnswers.entrySet().stream().filter(e -> e.getValue().path("ok").asBoolean())
                .map(Map.Entry::getKey).toList();
        awaitWholeCluster();
        // every node has applied the same image by now (awaitWholeCluster): what it lists is what the quorum kept
        Map<Integer, Set<String>> listed = new LinkedHashMap<>();
        for (int k = 1; k <= 3; k++) {
            int node = k;
            Eventually.eventually(WAIT, "node " + node + " lists every topic the majority acknowledged", () -> {
                JsonNode t = hub.call(WAIT, "topics", address(node));
                if (!t.path("ok").asBoolean()) {
                    return false;
                }
                Set<String> names = new HashSet<>();
                t.path("topics").forEach(n -> names.add(n.asText()));
                listed.put(node, names);
                return names.containsAll(majorityAcked);
            }, () -> "listed " + listed.get(node) + ", acknowledged " + majorityAcked);
        }
        List<String> refusedButPresent = new ArrayList<>();
        listed.forEach((node, names) -> minority.keySet().stream().filter(names::contains)
                .forEach(t -> refusedButPresent.add(t + "@" + node)));
        System.out.println("NetworkPartitionIT: " + prefix + ": controller " + isolated + " cut off for " + cutMs
                + " ms; majority had a leader again " + failoverMs + " ms after the cut; minority attempted "
                + minority.size() + ", acknowledged " + minorityAcked.size() + "; majority attempted " + majority.size()
                + ", acknowledged " + majorityAcked.size() + "; acknowledged and lost 0 of " + majorityAcked.size()
                + " (checked on 3 nodes); metadata epochs " + watch.summary());
        System.out.println("NetworkPartitionIT: " + prefix + ": minority answers " + brief(minorityAnswers)
                + "; majority answers " + brief(majorityAnswers));
        assertEquals(List.of(), minorityAcked, "the cut-off controller acknowledged changes");
        assertTrue(minority.size() >= minorityTries && majority.size() >= majorityTries);
        assertTrue(!majorityAcked.isEmpty(), "the majority acknowledged no change in " + cutMs + " ms: " + brief(majorityAnswers));
        assertEquals(List.of(), refusedButPresent, "changes the minority was refused exist after the heal");
        assertTrue(failoverMs > 0, "the majority elected a leader while the controller was cut off");
        watch.failIfWentBack();
    }

    private static String brief(Map<String, JsonNode> answers) {
        StringBuilder b = new StringBuilder();
        answers.forEach((t, a) -> b.append(t).append('=').append(a.path("ok").asBoolean() ? "ok" : a.path("code").asText("error"))
                .append('/').append(a.path("ms").asLong()).append("ms "));
        return b.toString().trim();
    }

    private static Map<String, JsonNode> answers(Map<String, CompletableFuture<JsonNode>> sent) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sent.forEach((t, f) -> {
            try {
                out.put(t, f.get(CREATE_TIMEOUT_MS + 20_000L, TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                throw new AssertionError("no answer to the creation of " + t, e);
            }
        });
        return out;
    }

    private static void sleepUntil(long startNanos, long offsetMs) {
        long wait = offsetMs - (System.nanoTime() - startNanos) / 1_000_000;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private String address(int node) {
        return cluster.node(node).address();
    }

    /** The controller every node names, each holding its lease. */
    private int controller() {
        int[] leader = {-1};
        Eventually.eventually(WAIT, "every node names the same controller and holds its lease", () -> {
            Set<Integer> named = new HashSet<>();
            for (int k = 1; k <= 3; k++) {
                JsonNode q = hub.call(WAIT, "quorum", address(k));
                if (!q.path("ok").asBoolean() || !q.path("lease").asBoolean()) {
                    return false;
                }
                named.add(q.path("leader").asInt());
            }
            leader[0] = named.size() == 1 ? named.iterator().next() : -1;
            return leader[0] > 0;
        });
        return leader[0];
    }

    /** A quorum with one leader, every node holding its lease, every node seeing all three live, the same metadata epoch. */
    private void awaitWholeCluster() {
        controller();
        Eventually.eventually(WAIT, "every node at the same metadata epoch and seeing three live nodes", () -> {
            Set<Long> epochs = new HashSet<>();
            for (int k = 1; k <= 3; k++) {
                JsonNode q = hub.call(WAIT, "quorum", address(k));
                JsonNode t = hub.call(WAIT, "brokers", address(k));
                if (!q.path("ok").asBoolean() || !t.path("ok").asBoolean() || t.path("brokers").size() != 3) {
                    return false;
                }
                epochs.add(q.path("metadataEpoch").asLong());
            }
            return epochs.size() == 1;
        }, cluster::tails);
    }

    private int anyNode() {
        return controller();
    }

    private JsonNode awaitFullIsr(String topic) {
        JsonNode[] p = {null};
        Eventually.eventually(WAIT, topic + " with a leader and all three replicas in sync", () -> {
            JsonNode d = hub.call(WAIT, "describe", address(controller()), topic);
            if (!d.path("ok").asBoolean()) {
                return false;
            }
            p[0] = d.path("partitions").get(0);
            return p[0].path("leader").asInt() > 0 && p[0].path("isr").size() == 3;
        });
        return p[0];
    }

    private int isrSize(String topic, int askNode) {
        return isrSize(topic, 0, askNode);
    }

    private int isrSize(String topic, int partition, int askNode) {
        JsonNode d = hub.call(WAIT, "describe", address(askNode), topic);
        return d.path("ok").asBoolean() ? d.path("partitions").get(partition).path("isr").size() : -1;
    }

    /** A partition of {@code topic} that {@code node} leads, with all three replicas in sync. */
    private int awaitPartitionLedBy(String topic, int node) {
        int[] found = {-1};
        Eventually.eventually(WAIT, "a partition of " + topic + " led by node " + node + ", all in sync", () -> {
            JsonNode d = hub.call(WAIT, "describe", address(node), topic);
            for (JsonNode p : d.path("partitions")) {
                if (p.path("leader").asInt() == node && p.path("isr").size() == 3) {
                    found[0] = p.path("partition").asInt();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void assertReplicasEqual(String topic) {
        assertReplicasEqual(topic, 0);
    }

    /** Every replica's own log ends where the leader's does (no writes run by now). */
    private void assertReplicasEqual(String topic, int partition) {
        Map<Integer, Long> ends = new LinkedHashMap<>();
        Eventually.eventually(WAIT, "every replica of " + topic + " at the same log end and high watermark", () -> {
            ends.clear();
            Set<Long> seen = new HashSet<>();
            for (int k = 1; k <= 3; k++) {
                JsonNode l = hub.call(WAIT, "logend", address(k), topic, partition);
                if (!l.path("ok").asBoolean() || !"NONE".equals(l.path("error").asText())) {
                    return false;
                }
                ends.put(k, l.path("logEnd").asLong());
                seen.add(l.path("logEnd").asLong());
                seen.add(l.path("highWatermark").asLong());
            }
            return seen.size() == 1;
        }, ends::toString);
        System.out.println("NetworkPartitionIT: " + topic + "-" + partition + " log end on each replica " + ends);
    }

    private static void assertOk(JsonNode answer) {
        assertTrue(answer.path("ok").asBoolean(), answer::toString);
    }

    private static boolean contains(JsonNode array, int value) {
        for (JsonNode n : array) {
            if (n.asInt() == value) {
                return true;
            }
        }
        return false;
    }

    private static List<String> values(JsonNode read) {
        assertOk(read);
        List<String> out = new ArrayList<>();
        read.path("values").forEach(v -> out.add(v.asText()));
        return out;
    }

    /**
     * Polls every node's DescribeQuorum through the hub, one node after the other, for the whole run:
     * each node's metadata epoch must never go back, and the poll tells when the majority had a
     * leader again.
     */
    private final class EpochWatch {
        private record Seen(long atNanos, int node, long epoch, int leader, boolean lease) {
        }

        private final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final List<String> wentBack = new CopyOnWriteArrayList<>();
        private final Thread thread = new Thread(this::poll, "epoch-watch");
        private volatile boolean running = true;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        private void poll() {
            Map<Integer, Long> last = new LinkedHashMap<>();
            while (running) {
                for (int k = 1; k <= 3 && running; k++) {
                    JsonNode q;
                    try {
                        q = hub.call(Duration.ofSeconds(15), "quorum", address(k));
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (!q.path("ok").asBoolean()) {
                        continue;
                    }
                    long epoch = q.path("metadataEpoch").asLong();
                    Long before = last.put(k, epoch);
                    if (before != null && epoch < before) {
                        wentBack.add("node " + k + ": " + before + " -> " + epoch);
                    }
                    seen.add(new Seen(System.nanoTime(), k, epoch, q.path("leader").asInt(), q.path("lease").asBoolean()));
                }
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void failIfWentBack() {
            assertEquals(List.of(), wentBack, "a node's metadata epoch went back");
        }

        /** ms from {@code cutAt} until a node other than {@code isolated} held the lease under another leader; -1 if never. */
        long firstOtherLeaderMs(int isolated, long cutAt) {
            return seen.stream().filter(s -> s.atNanos() > cutAt && s.node() != isolated && s.lease() && s.leader() > 0
                            && s.leader() != isolated).mapToLong(s -> (s.atNanos() - cutAt) / 1_000_000).min().orElse(-1);
        }

        String summary() {
            Map<Integer, long[]> range = new LinkedHashMap<>();
            for (Seen s : seen) {
                range.merge(s.node(), new long[] {s.epoch(), s.epoch(), 1},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + 1});
            }
            StringBuilder b = new StringBuilder();
            range.forEach((n, r) -> b.append("node ").append(n).append(' ').append(r[0]).append("..").append(r[1])
                    .append(" (").append(r[2]).append(" polls) "));
            return b.append(wentBack.isEmpty() ? "never went back" : "went back: " + wentBack).toString();
        }
    }
}
