package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.Topic;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.NewTopic;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.RecordMetadata;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.cluster.PartitionState;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.TopicPartition;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication on 3 in-process nodes: followers copy the leader, acks=all waits for the ISR, a new
 * leader taken from the ISR has every acknowledged record, and below min.insync.replicas acks=all
 * writes are refused.
 */
@Timeout(240)
class ClusterReplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicPartition TP = new TopicPartition("r", 0);
    @TempDir
    Path root;

    @Test
    void acknowledgedRecordsSurviveTheLeaderAndMinIsrGuardsAcksAll() {
        try (TestCluster cluster = new TestCluster(root, 3, "replica.lag.time.max.ms=4000").startAll()) {
            SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(cluster.node(0).address()));
            Blocking.await(admin.createTopics(List.of(new NewTopic("r", 1, (short) 3, Map.of("min.insync.replicas", "2")),
                    new NewTopic("strict", 1, (short) 3, Map.of("min.insync.replicas", "3")))), WAIT);
            Blocking.await(admin.close(), WAIT);
            int leader = partition(cluster.node(0)).leader();

            List<String> acked = produce(cluster.node(0).address(), 0, 500);
            assertEquals(500, acked.size());
            Eventually.eventually(WAIT, "every replica holds the 500 records", () -> cluster.running().stream()
                    .allMatch(n -> logEnd(n) == 500));
            byte[] leaderBytes = segmentBytes(cluster.running().stream().filter(n -> n.nodeId() == leader).findFirst().orElseThrow());
            cluster.running().forEach(n -> org.junit.jupiter.api.Assertions.assertArrayEquals(leaderBytes, segmentBytes(n),
                    "node " + n.nodeId() + " holds the leader's bytes unchanged"));

            cluster.stop(cluster.slotOf(leader));
            Eventually.eventually(WAIT, "a new leader from the ISR", () -> cluster.running().stream().allMatch(n -> {
                PartitionState p = partition(n);
                return p.leader() != leader && p.leader() != PartitionState.NO_LEADER && p.isr().size() == 2;
            }));
            String bootstrap = cluster.running().get(0).address();
            assertEquals(acked, consume(bootstrap, 500), "every acknowledged record, in order, from the new leader");

            acked.addAll(produce(bootstrap, 500, 100));
            assertEquals(600, acked.size());
            int second = partition(cluster.running().get(0)).leader();
            assertNotEquals(leader, second);

            // "strict" wants 3 in-sync replicas; with 2 left acks=all is refused up front
            int strictLeader = cluster.running().get(0).clusterMetadata().orElseThrow().current().topic("strict")
                    .partitions().get(0).leader();
            SpateNode strictNode = cluster.running().stream().filter(n -> n.nodeId() == strictLeader).findFirst().orElseThrow();
            assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, produceRaw(strictNode, "strict", 5000));

            // one node of three left: its leader acknowledges no acks=all write. Either the ISR still
            // names the stopped node (no majority is left to change it: REQUEST_TIMED_OUT), or the
            // controller shrank it while the stopped node was deregistering but still a member, and
            // the shrink reached the leader before or after the append (NOT_ENOUGH_REPLICAS[_AFTER_APPEND]),
            // or the node already lost the metadata quorum's lease and is fenced (NOT_LEADER_OR_FOLLOWER)
            int stoppedSlot = cluster.slotOf(cluster.running().stream().filter(n -> n.nodeId() != second)
                    .findFirst().orElseThrow().nodeId());
            cluster.stop(stoppedSlot);
            SpateNode last = cluster.running().get(0);
            ErrorCode refused = produceRaw(last, "r", 3000);
            assertTrue(java.util.Set.of(ErrorCode.REQUEST_TIMED_OUT, ErrorCode.NOT_ENOUGH_REPLICAS,
                    ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, ErrorCode.NOT_LEADER_OR_FOLLOWER).contains(refused),
                    "not acknowledged: " + refused);
            // a lone node names no leader (it cannot vouch for its image): with a majority back, every
            // acknowledged record is there, in order. The refused one may follow only if it had been
            // appended (a timed-out or after-append refusal, as in Kafka: the ISR grew back and committed
            // it); a write refused before its append never shows
            cluster.start(stoppedSlot);
            List<String> read = consume(last.address(), 600);
            assertEquals(acked, read.subList(0, Math.min(read.size(), 600)), "nothing acknowledged was lost");
            List<String> beyond = read.subList(Math.min(read.size(), 600), read.size());
            boolean appended = refused == ErrorCode.REQUEST_TIMED_OUT || refused == ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
            assertTrue(beyond.isEmpty() || appended && beyond.equals(List.of("not acknowledged")),
                    "after the acknowledged records, only a record that was appended (" + refused + "): " + beyond);
        }
    }

    /**
     * {@code topic alter --set min.insync.replicas=N} governs the next acks=all answer of a leader
     * that keeps its epoch: raised above the ISR it refuses, lowered again it acknowledges.
     */
    @Test
    void alteredMinInsyncReplicasGovernsTheNextAcksAllAnswerWithoutALeaderChange() {
        try (TestCluster cluster = new TestCluster(root, 3, "replica.lag.time.max.ms=2000").startAll()) {
            SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(cluster.node(0).address()));
            Blocking.await(admin.createTopics(List.of(new NewTopic("m", 1, (short) 3, Map.of("min.insync.replicas", "2")))), WAIT);
            // every node applies the new metadata a moment after the controller answered
            Eventually.eventually(WAIT, "every node holds m-0", () -> cluster.running().stream()
                    .allMatch(n -> n.topics().topic("m") != null && n.topics().topic("m").partition(0) != null));
            PartitionState initial = partition(cluster.node(0), "m");
            SpateNode leader = cluster.running().stream().filter(n -> n.nodeId() == initial.leader()).findFirst().orElseThrow();
            assertEquals(ErrorCode.NONE, produceRaw(leader, "m", 5000), "ISR 3, min.insync.replicas 2");

            Blocking.await(admin.alterConfigs("m", Map.of("min.insync.replicas", "4"), java.util.Set.of()), WAIT);
            Eventually.eventually(WAIT, "the leader applies min.insync.replicas=4",
                    () -> leader.topics().topic("m").partition(0).config().minInSyncReplicas() == 4);
            assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, produceRaw(leader, "m", 5000), "ISR 3, min.insync.replicas 4");

            Blocking.await(admin.alterConfigs("m", Map.of("min.insync.replicas", "3"), java.util.Set.of()), WAIT);
            Eventually.eventually(WAIT, "the leader applies min.insync.replicas=3",
                    () -> leader.topics().topic("m").partition(0).config().minInSyncReplicas() == 3);
            assertEquals(ErrorCode.NONE, produceRaw(leader, "m", 5000), "ISR 3, min.insync.replicas 3");
            Blocking.await(admin.close(), WAIT);

            PartitionState now = partition(leader, "m");
            assertEquals(initial.leader(), now.leader(), "the same leader");
            assertEquals(initial.leaderEpoch(), now.leaderEpoch(), "in the same epoch");
        }
    }

    private static ErrorCode produceRaw(SpateNode node, String topic, int timeoutMs) {
        try (RawConnection c = new RawConnection(node.port())) {
            ProduceResponse r = ProduceResponse.readFrom(c.call(ApiKey.PRODUCE, new ProduceRequest((short) -1, timeoutMs,
                    List.of(new ProduceRequest.TopicData(topic, List.of(new ProduceRequest.PartitionData(0,
                            TestBatches.of("not acknowledged"))))))).body());
            return r.topics().get(0).partitions().get(0).error();
        }
    }

    private static List<String> produce(String bootstrap, int from, int count) {
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap).setAcks((short) -1));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            sent.add(producer.send(new ProducerRecord("r", null, ("v" + i).getBytes(StandardCharsets.UTF_8))));
        }
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Blocking.await(sent.get(i), WAIT);
            acked.add("v" + (from + i));
        }
        Blocking.await(producer.close(), WAIT);
        return acked;
    }

    private static List<String> consume(String bootstrap, int count) {
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        consumer.assign(List.of(TP));
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(300))) {
                got.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        Blocking.await(consumer.close(), WAIT);
        return got;
    }

    private static PartitionState partition(SpateNode n) {
        return partition(n, "r");
    }

    private static PartitionState partition(SpateNode n, String topic) {
        return n.clusterMetadata().orElseThrow().current().topic(topic).partitions().get(0);
    }

    private static long logEnd(SpateNode n) {
        Topic t = n.topics().topic("r");
        return t == null || t.partition(0) == null ? -1 : TestNode.await(t.partition(0).describe()).logEndOffset();
    }

    /** Every segment file of the partition, in offset order, back to back. */
    private static byte[] segmentBytes(SpateNode n) {
        java.nio.file.Path dir = n.config().dataDir().resolve("r-0");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                out.write(java.nio.file.Files.readAllBytes(f));
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
