package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.NewTopic;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.PartitionInfo;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.client.TopicDescription;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics on a 3-node cluster: created through any node, placed over all of them, led where the
 * metadata says, reached by clients through any node; non-leaders refuse writes.
 */
@Timeout(180)
class ClusterTopicsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path root;
    static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(root, 3, "group.initial.rebalance.delay.ms=0").startAll();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String bootstrap(int slot) {
        return cluster.node(slot).address();
    }

    @Test
    void internalTopicRefusesChangesThatWouldEraseOffsets() {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap(1)));
        try {
            io.spate.testing.InternalTopicChecks.assertUnsafeChangesAreRefused(admin, WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    @Test
    void aTopicCreatedOnOneNodeIsPlacedOnAllAndServedThroughAny() {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap(0)));
        Blocking.await(admin.createTopics(List.of(new NewTopic("orders", 6, (short) 3, Map.of()))), WAIT);
        Eventually.eventually(WAIT, "every node holds its replicas of orders", () -> cluster.running().stream()
                .allMatch(n -> n.topics().topic("orders") != null && n.topics().topic("orders").hosted().size() == 6));

        SpateAdmin other = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap(2)));
        TopicDescription d = Blocking.await(other.describeTopic("orders"), WAIT);
        Map<Integer, Integer> leaders = new HashMap<>();
        for (PartitionInfo p : d.partitions()) {
            assertEquals(3, p.replicas().size());
            assertEquals(p.replicas(), p.isr());
            assertEquals(p.replicas().get(0), p.leader(), "the preferred replica leads");
            leaders.merge(p.leader(), 1, Integer::sum);
        }
        assertEquals(Map.of(1, 2, 2, 2, 3, 2), leaders, "leaders spread evenly");
        assertEquals(3, Blocking.await(other.describeCluster(), WAIT).nodes().size());

        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap(1)));
        for (int i = 0; i < 600; i++) {
            producer.send(new ProducerRecord("orders", ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Blocking.await(producer.flush(), WAIT);
        Blocking.await(producer.close(), WAIT);

        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap(2))
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < 6; p++) {
            all.add(new TopicPartition("orders", p));
        }
        consumer.assign(all);
        List<ConsumerRecord> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < 600 && System.nanoTime() < deadline) {
            got.addAll(consumer.poll(Duration.ofMillis(300)));
        }
        Blocking.await(consumer.close(), WAIT);
        assertEquals(600, got.size());

        Blocking.await(other.deleteTopic("orders"), WAIT);
        Eventually.eventually(WAIT, "orders gone from every node", () -> cluster.running().stream()
                .allMatch(n -> n.topics().topic("orders") == null));
        Blocking.await(admin.close(), WAIT);
        Blocking.await(other.close(), WAIT);
    }

    @Test
    void describeShowsTheLogOfEveryPartitionWhenNodesHoldOnlySome() {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap(1)));
        try {
            Blocking.await(admin.createTopics(List.of(new NewTopic("spread", 6, (short) 1, Map.of()))), WAIT);
            Eventually.eventually(WAIT, "every node holds its two replicas of spread", () -> cluster.running().stream()
                    .allMatch(n -> n.topics().topic("spread") != null && n.topics().topic("spread").hosted().size() == 2));
            TopicDescription d = Blocking.await(admin.describeTopic("spread"), WAIT);
            assertEquals(6, d.partitions().size());
            for (PartitionInfo p : d.partitions()) {
                assertEquals(0, p.logEndOffset(), "partition " + p.partition() + "'s log, from its leader: " + p);
                assertEquals(1, p.segmentCount(), "partition " + p.partition() + ": " + p);
            }
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    @Test
    void aNameThatCollidesInMetricsWithAnExistingTopicIsRefused() {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap(1)));
        try {
            Blocking.await(admin.createTopics(List.of(new NewTopic("metrics.a", 1, (short) 3, Map.of()))), WAIT);
            SpateException e = assertThrows(SpateException.class, () -> Blocking.await(
                    admin.createTopics(List.of(new NewTopic("metrics_a", 1, (short) 3, Map.of()))), WAIT));
            assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, e.error());
            assertTrue(e.getMessage().endsWith("topic 'metrics_a' collides with existing topic 'metrics.a' ('.' and '_' "
                    + "are the same in metric names)"), e.getMessage());
            // two in one request collide with each other too
            SpateException both = assertThrows(SpateException.class, () -> Blocking.await(admin.createTopics(
                    List.of(new NewTopic("pair_b", 1, (short) 1, Map.of()), new NewTopic("pair.b", 1, (short) 1, Map.of()))),
                    WAIT));
            assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, both.error());
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    @Test
    void aReplicaThatDoesNotLeadRefusesWrites() {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap(0)));
        Blocking.await(admin.createTopics(List.of(new NewTopic("led", 1, (short) 3, Map.of()))), WAIT);
        int leader = Blocking.await(admin.describeTopic("led"), WAIT).partitions().get(0).leader();
        Blocking.await(admin.close(), WAIT);
        SpateNode follower = cluster.running().stream().filter(n -> n.nodeId() != leader).findFirst().orElseThrow();
        Eventually.eventually(WAIT, "the follower holds its replica", () -> follower.topics().topic("led") != null);
        try (RawConnection c = new RawConnection(follower.port())) {
            ProduceRequest req = new ProduceRequest((short) 1, 5000, List.of(new ProduceRequest.TopicData("led",
                    List.of(new ProduceRequest.PartitionData(0, TestBatches.of("x"))))));
            ProduceResponse r = ProduceResponse.readFrom(c.call(ApiKey.PRODUCE, req).body());
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, r.topics().get(0).partitions().get(0).error());
        }
        assertEquals(0, TestNode.await(follower.topics().topic("led").partition(0).describe()).logEndOffset(),
                "nothing was written");
    }
}
