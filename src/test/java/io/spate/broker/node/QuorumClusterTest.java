package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.NewTopic;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.cluster.raft.MetadataQuorum;
import io.spate.protocol.TopicPartition;
import io.spate.testing.Eventually;
import io.spate.testing.QuorumTimings;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster and its metadata quorum: topics created through any node reach
 * all, records flow, the Raft leader's node stops and another leads within a bound, and a full stop
 * and start keeps every acknowledged topic from the quorum's files under {@code meta/raft}.
 */
@Timeout(120)
class QuorumClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A new Raft leader follows within MicroRaft's heartbeat timeout (3 s) plus a vote round; generous under load. */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path root;

    @Test
    void aQuorumClusterServesFailsOverAndRestartsWithEveryTopic() throws Exception {
        TestCluster cluster = new TestCluster(root, 3, QuorumTimings.fast("group.initial.rebalance.delay.ms=0")).startAll();
        try {
            for (SpateNode n : cluster.running()) {
                assertTrue(n.clusterMetadata().orElseThrow() instanceof MetadataQuorum, "node " + n.nodeId()
                        + " follows the quorum");
            }
            createThrough(cluster.node(1), "orders");
            awaitTopicOnAll(cluster, "orders", 3);
            produceAndConsume(cluster.node(2).address(), cluster.node(0).address(), "orders", 3, 200);

            // stop the Raft leader's node: another leads within the bound and takes changes
            int leader = awaitLeaderId(cluster);
            int leaderSlot = cluster.slotOf(leader);
            assertTrue(cluster.node(leaderSlot).clusterMetadata().orElseThrow().current().topic("orders").partitions()
                    .stream().anyMatch(p -> p.leader() == leader), "3 partitions on 3 nodes: the Raft leader's node leads one");
            long stopped = System.nanoTime();
            cluster.stop(leaderSlot);
            Eventually.eventually(FAILOVER_BOUND, "a survivor leads the quorum", () -> cluster.running().stream()
                    .anyMatch(n -> isLeader(n)));
            long failoverMs = (System.nanoTime() - stopped) / 1_000_000;
            System.out.println("quorum failover after stopping the leader's node: " + failoverMs + " ms");
            int newLeader = awaitLeaderId(cluster);
            assertNotEquals(leader, newLeader);
            // the new controller moves the partitions the stopped node led (no member-list change
            // comes after its election to make it decide)
            Eventually.eventually(FAILOVER_BOUND, "no partition of orders led by the stopped node " + leader,
                    () -> cluster.running().stream().allMatch(n -> n.clusterMetadata().orElseThrow().current()
                            .topic("orders").partitions().stream().allMatch(p -> p.leader() != leader
                                    && p.leader() != io.spate.cluster.PartitionState.NO_LEADER)));
            SpateNode survivor = cluster.running().get(0);
            createThrough(survivor, "after-failover");
            awaitTopicOnAll(cluster, "after-failover", 2);

            // stop everything, start everything: every acknowledged topic is back, from meta/raft
            cluster.close();
            for (int slot = 0; slot < 3; slot++) {
                Path raft = MetadataQuorum.raftDir(root.resolve("node-" + slot));
                try (Stream<Path> files = Files.list(raft)) {
                    List<Path> list = files.toList();
                    assertTrue(!list.isEmpty(), "node-" + slot + " kept its Raft files in " + raft);
                    System.out.println("node-" + slot + " meta/raft: " + list.stream().map(p -> p.getFileName() + "="
                            + size(p)).toList());
                }
            }
            cluster.startAll();
            for (SpateNode n : cluster.running()) {
                assertNotNull(n.clusterMetadata().orElseThrow().current().topic("orders"), "orders on " + n.nodeId());
                assertNotNull(n.clusterMetadata().orElseThrow().current().topic("after-failover"),
                        "after-failover on " + n.nodeId());
            }
            awaitTopicOnAll(cluster, "after-failover", 3);
            createThrough(cluster.node(0), "after-restart");
            awaitTopicOnAll(cluster, "after-restart", 3);
        } finally {
            cluster.close();
        }
    }

    private static boolean isLeader(SpateNode n) {
        MetadataQuorum q = (MetadataQuorum) n.clusterMetadata().orElseThrow();
        return TestNode.await(q.raft().quorumStatus()).isLeader();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void createThrough(SpateNode node, String topic) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            Blocking.await(admin.createTopics(List.of(new NewTopic(topic, 3, (short) 2, Map.of()))), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    private static void awaitTopicOnAll(TestCluster cluster, String topic, int nodes) {
        assertEquals(nodes, cluster.running().size());
        Eventually.eventually(WAIT, topic + " in the metadata of every running node", () -> cluster.running().stream()
                .allMatch(n -> n.clusterMetadata().orElseThrow().current().topic(topic) != null));
    }

    private static void produceAndConsume(String producerAt, String consumerAt, String topic, int partitions,
                                          int count) {
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(producerAt));
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Blocking.await(producer.flush(), WAIT);
        Blocking.await(producer.close(), WAIT);
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(consumerAt)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        List<ConsumerRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(consumer.poll(Duration.ofMillis(300)));
        }
        Blocking.await(consumer.close(), WAIT);
        assertEquals(count, got.size());
    }

    /** The node id of the running node that leads the quorum (waits for one). */
    private static int awaitLeaderId(TestCluster cluster) {
        int[] id = {-1};
        Eventually.eventually(WAIT, "a running node leads the quorum", () -> {
            for (SpateNode n : cluster.running()) {
                if (isLeader(n)) {
                    id[0] = n.nodeId();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }
}
