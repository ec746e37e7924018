package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.PartitionWriter;
import io.spate.broker.core.Topic;
import io.spate.broker.node.SpateNode;
import io.spate.cluster.PartitionState;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeleteRecords on three in-process nodes, a partition of replication factor 3 (Kafka's
 * DelayedDeleteRecords): the leader answers only once every live follower has moved its log start
 * to the offset, so right after the answer no replica still holds the deleted records; with a
 * follower that cannot fetch (frozen by {@link io.spate.replication.ReplicaFetchProbe}, its node
 * still a live member) the partition is answered REQUEST_TIMED_OUT after the request's timeout_ms,
 * the leader's log start left moved, and the follower catches up once it fetches again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KafkaDeleteRecordsClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RECORDS = 20;
    private TestCluster cluster;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        cluster = new TestCluster(root, 3).withKafkaListeners().startAll();
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic("trim", 1, (short) 3), new NewTopic("frozen", 1, (short) 3))).all().get();
        }
        for (String topic : List.of("trim", "frozen")) {
            Eventually.eventually(WAIT, "every node holds " + topic + "-0 and knows its leader",
                    () -> cluster.running().stream().allMatch(n -> replica(n, topic) != null && leader(n, topic) >= 0));
            Properties pp = props();
            pp.put("key.serializer", StringSerializer.class.getName());
            pp.put("value.serializer", StringSerializer.class.getName());
            pp.put("acks", "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k", "v" + i)).get();
                }
            }
            Eventually.eventually(WAIT, "every replica of " + topic + "-0 holds the records up to its high watermark",
                    () -> cluster.running().stream().allMatch(n -> replica(n, topic).followerLog().highWatermark() == RECORDS));
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.kafkaBootstrap());
        return p;
    }

    private static PartitionWriter replica(SpateNode n, String topic) {
        Topic t = n.topics().topic(topic);
        return t == null ? null : t.partition(0);
    }

    private static int leader(SpateNode n, String topic) {
        var t = n.clusterMetadata().orElseThrow().current().topic(topic);
        return t == null ? PartitionState.NO_LEADER : t.partitions().get(0).leader();
    }

    private static long logStart(SpateNode n, String topic) {
        return replica(n, topic).followerLog().logStartOffset();
    }

    @Test
    void afterTheAnswerEveryLiveFollowerHasMovedItsLogStart() throws Exception {
        TopicPartition tp = new TopicPartition("trim", 0);
        try (Admin admin = Admin.create(props())) {
            long low = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(12))).lowWatermarks().get(tp).get()
                    .lowWatermark();
            assertEquals(12, low);
        }
        // at once, not eventually: the answer waited for the followers
        for (SpateNode n : cluster.running()) {
            assertTrue(logStart(n, "trim") >= 12, "node " + n.nodeId() + " log start " + logStart(n, "trim"));
        }
    }

    @Test
    void aFrozenFollowerMakesTheAnswerRequestTimedOutAfterTheTimeout() throws Exception {
        SpateNode leader = cluster.node(cluster.slotOf(leader(cluster.node(0), "frozen")));
        SpateNode frozen = cluster.running().stream().filter(n -> n != leader).findFirst().orElseThrow();
        io.spate.protocol.TopicPartition tp = new io.spate.protocol.TopicPartition("frozen", 0);
        frozen.replicaFetchProbe().orElseThrow().hold(tp);
        try {
            long asked = System.nanoTime();
            DeleteRecordsResponseData.DeleteRecordsPartitionResult r = deleteRecords(leader, 16, 1_500);
            long tookMs = (System.nanoTime() - asked) / 1_000_000;
            assertEquals(Errors.REQUEST_TIMED_OUT.code(), r.errorCode());
            assertTrue(tookMs >= 1_400, "answered after the timeout, not before: " + tookMs + " ms");
            assertEquals(16, logStart(leader, "frozen"), "the leader's log start stays moved, as Kafka");
            // (the fetch the follower had in flight when frozen may still have brought it the new log start:
            // the leader never hears of it, as it would not from a follower that froze just after)
            assertTrue(frozen.membership().orElseThrow().liveNodes().stream()
                    .anyMatch(m -> m.nodeId() == frozen.nodeId()), "frozen, not gone: its node is live");
        } finally {
            frozen.replicaFetchProbe().orElseThrow().release(tp);
        }
        Eventually.eventually(WAIT, "the follower takes the leader's log start once it fetches again",
                () -> logStart(frozen, "frozen") == 16);
        DeleteRecordsResponseData.DeleteRecordsPartitionResult again = deleteRecords(leader, 16, 10_000);
        assertEquals(Errors.NONE.code(), again.errorCode());
        assertEquals(16, again.lowWatermark());
    }

    /** A raw DeleteRecords v2 to {@code leader}'s Kafka listener: the partition's exact error code. */
    private static DeleteRecordsResponseData.DeleteRecordsPartitionResult deleteRecords(SpateNode leader, long offset,
                                                                                        int timeoutMs) throws Exception {
        DeleteRecordsRequestData req = new DeleteRecordsRequestData().setTimeoutMs(timeoutMs);
        DeleteRecordsRequestData.DeleteRecordsTopic t = new DeleteRecordsRequestData.DeleteRecordsTopic().setName("frozen");
        t.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(offset));
        req.topics().add(t);
        try (RawKafkaRequests raw = new RawKafkaRequests(leader.kafkaAddress())) {
            DeleteRecordsResponseData r = (DeleteRecordsResponseData) raw.send(ApiKeys.DELETE_RECORDS, (short) 2, req);
            return r.topics().find("frozen").partitions().find(0);
        }
    }
}
