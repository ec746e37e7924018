package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.1.1's {@code Admin.electLeaders(PREFERRED, ...)} on a three-node cluster, as
 * {@code kafka-leader-election.sh --election-type preferred} sends it: a partition whose preferred
 * node stopped is PREFERRED_LEADER_NOT_AVAILABLE while that node is away; once it is back and in
 * sync, the call makes it leader at once (the controller's own leader-imbalance check is an hour
 * away, so nothing else moves it), the new leader takes acks=all writes, and a second call needs no
 * election.
 */
@Timeout(240)
class KafkaElectLeadersClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "elect";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void thePreferredReplicaLeadsAtOnceWhenLiveAndInSyncAndNotWhileItIsAway(@TempDir Path root) throws Exception {
        cluster = new TestCluster(root, 3, "leader.imbalance.check.interval.ms=3600000").withKafkaListeners().startAll();
        try (Admin admin = Admin.create(props(cluster.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get();
        }
        Eventually.eventually(WAIT, "every partition led, every replica in sync", () -> {
            TopicState t = topic(0);
            return t != null && t.partitions().stream().allMatch(p -> p.leader() == p.replicas().get(0)
                    && p.isr().size() == 3);
        }, () -> String.valueOf(topic(0)));
        int preferred = partition(0).replicas().get(0);
        int away = cluster.slotOf(preferred);
        int other = (away + 1) % 3;

        cluster.stop(away);
        Eventually.eventually(WAIT, "another node leads " + TP, () -> partition(other).leader() != preferred
                && partition(other).leader() != PartitionState.NO_LEADER, () -> String.valueOf(partition(other)));
        try (Admin admin = Admin.create(props(cluster.kafkaBootstrap()))) {
            Throwable notLive = elect(admin, Set.of(TP)).get(TP).orElseThrow();
            assertInstanceOf(PreferredLeaderNotAvailableException.class, notLive);
            assertTrue(notLive.getMessage().contains("preferred replica " + preferred + " is not live"), notLive.getMessage());

            cluster.start(away);
            Eventually.eventually(WAIT, "node " + preferred + " back in the ISR of every partition it holds",
                    () -> inSyncEverywhere(other, preferred), () -> String.valueOf(partition(other)));
            int before = partition(other).leader();
            assertNotEquals(preferred, before, "nothing but ElectLeaders moves leadership back within the hour");

            assertEquals(Map.of(TP, Optional.empty()), elect(admin, Set.of(TP)), "elected");
            Eventually.eventually(Duration.ofSeconds(10), "Metadata names node " + preferred + " leader of " + TP,
                    () -> leaderDescribed(admin) == preferred);
            assertEquals(preferred, partition(other).leader());
            assertInstanceOf(ElectionNotNeededException.class, elect(admin, Set.of(TP)).get(TP).orElseThrow());
            // all partitions: the others node 'preferred' prefers (of __consumer_offsets) are elected;
            // those led by their preferred replica already, TP among them, are left out, as Kafka does
            Map<TopicPartition, Optional<Throwable>> all = elect(admin, null);
            assertTrue(all.values().stream().allMatch(Optional::isEmpty), all.toString());
            assertFalse(all.containsKey(TP), all.toString());
            assertTrue(cluster.node(other).clusterMetadata().orElseThrow().current().topics().values().stream()
                    .flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() == p.replicas().get(0)),
                    "every partition led by its preferred replica");
            assertEquals(Map.of(), elect(admin, null), "nothing left to elect");
        }
        RecordMetadata written = produceOne(cluster.kafkaBootstrap());
        assertEquals(0, written.partition());
        assertTrue(written.offset() >= 0, "the elected leader takes acks=all writes");
    }

    private static Map<TopicPartition, Optional<Throwable>> elect(Admin admin, Set<TopicPartition> partitions)
            throws Exception {
        return admin.electLeaders(ElectionType.PREFERRED, partitions).partitions().get();
    }

    private static int leaderDescribed(Admin admin) {
        try {
            return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().get(0).leader().id();
        } catch (Exception e) {
            return -1; // asked again
        }
    }

    private static RecordMetadata produceOne(String bootstrap) throws Exception {
        Properties p = props(bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        p.put("delivery.timeout.ms", "45000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            return producer.send(new ProducerRecord<>(TOPIC, 0, "k", "v")).get();
        }
    }

    /** Whether {@code node} is in the ISR of every partition (of every topic) it holds, as {@code slot} sees it. */
    private boolean inSyncEverywhere(int slot, int node) {
        return cluster.node(slot).clusterMetadata().orElseThrow().current().topics().values().stream()
                .flatMap(t -> t.partitions().stream())
                .allMatch(p -> !p.replicas().contains(node) || p.isr().contains(node));
    }

    private TopicState topic(int slot) {
        return cluster.node(slot).clusterMetadata().orElseThrow().current().topic(TOPIC);
    }

    private PartitionState partition(int slot) {
        return topic(slot).partitions().get(0);
    }

    private static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("default.api.timeout.ms", "30000");
        return p;
    }
}
