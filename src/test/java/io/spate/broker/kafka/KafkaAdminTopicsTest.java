package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterPartitionReassignmentsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.1.1's Admin against a node's Kafka listener: creating, deleting and growing topics,
 * electing leaders and reassigning partitions, with the errors Kafka gives for bad requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KafkaAdminTopicsTest {
    private KafkaCompat.Target target;
    private Admin admin;

    @BeforeAll
    void start(@TempDir Path dir) {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false", "num.partitions=3");
        Properties p = new Properties();
        p.put("bootstrap.servers", target.bootstrap());
        p.put("default.api.timeout.ms", "30000");
        admin = Admin.create(p);
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (target != null) {
            target.close();
        }
    }


    private interface Call {
        void run() throws Exception;
    }

    private static Throwable failure(Call call) {
        return assertThrows(ExecutionException.class, call::run).getCause();
    }

    private void create(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    @Test
    void createTopicsAnswersEachTopicsShapeAndConfigs() throws Exception {
        CreateTopicsResult r = admin.createTopics(List.of(new NewTopic("created-configs", Optional.empty(), Optional.empty())
                .configs(Map.of("retention.ms", "60000"))));
        r.all().get();
        assertEquals(3, r.numPartitions("created-configs").get()); // the node's num.partitions
        assertEquals(1, r.replicationFactor("created-configs").get());
        Config c = r.config("created-configs").get();
        assertEquals("60000", c.get("retention.ms").value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, c.get("retention.ms").source());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, c.get("segment.bytes").source());

        CreateTopicsResult v = admin.createTopics(List.of(new NewTopic("validated-only", 5, (short) 1)),
                new CreateTopicsOptions().validateOnly(true));
        v.all().get();
        assertEquals(5, v.numPartitions("validated-only").get());
        assertEquals("delete", v.config("validated-only").get().get("cleanup.policy").value());
        assertFalse(admin.listTopics().names().get().contains("validated-only"));
    }

    @Test
    void deleteTopicsByNameAndRefusesIdsAndUnknownTopics() throws Exception {
        create("doomed", 1);
        admin.deleteTopics(List.of("doomed")).all().get();
        assertFalse(admin.listTopics().names().get().contains("doomed"));
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(() -> admin.deleteTopics(List.of("never-was")).all().get()));
        Uuid id = Uuid.randomUuid();
        assertInstanceOf(UnknownTopicIdException.class,
                failure(() -> admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get()));
    }

    @Test
    void createPartitionsGrowsAndRefusesFewerManualOrUnknown() throws Exception {
        create("growing", 2);
        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(4))).all().get();
        assertEquals(4, admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing").partitions().size());
        assertInstanceOf(InvalidPartitionsException.class,
                failure(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get()));
        assertInstanceOf(UnknownTopicOrPartitionException.class,
                failure(() -> admin.createPartitions(Map.of("no-such-topic", NewPartitions.increaseTo(3))).all().get()));
        int node = admin.describeCluster().nodes().get().iterator().next().id();
        assertInstanceOf(InvalidRequestException.class, failure(() -> admin.createPartitions(Map.of("growing",
                NewPartitions.increaseTo(5, List.of(List.of(node))))).all().get()));
        assertEquals(4, admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing").partitions().size());
    }

    @Test
    void preferredLeadersNeedNoElectionOnOneNode() throws Exception {
        create("elected", 2);
        TopicPartition p0 = new TopicPartition("elected", 0);
        Map<TopicPartition, Optional<Throwable>> r = admin.electLeaders(ElectionType.PREFERRED, Set.of(p0)).partitions().get();
        assertInstanceOf(ElectionNotNeededException.class, r.get(p0).orElseThrow());
        r = admin.electLeaders(ElectionType.UNCLEAN, Set.of(p0)).partitions().get();
        assertInstanceOf(ElectionNotNeededException.class, r.get(p0).orElseThrow());
        TopicPartition unknown = new TopicPartition("elected", 7);
        r = admin.electLeaders(ElectionType.PREFERRED, Set.of(unknown)).partitions().get();
        assertInstanceOf(UnknownTopicOrPartitionException.class, r.get(unknown).orElseThrow());
        // all partitions: those already led by their preferred replica are left out, as Kafka does
        assertTrue(admin.electLeaders(ElectionType.PREFERRED, null).partitions().get().isEmpty());
    }

    @Test
    void reassignmentsGoThroughTheTopicAdmin() throws Exception {
        create("moved", 1);
        int node = admin.describeCluster().nodes().get().iterator().next().id();
        TopicPartition p0 = new TopicPartition("moved", 0);
        // the one valid target on a single node is the node itself: accepted, nothing to move
        admin.alterPartitionReassignments(Map.of(p0, Optional.of(new NewPartitionReassignment(List.of(node))))).all().get();
        assertTrue(admin.listPartitionReassignments().reassignments().get().isEmpty());
        assertTrue(admin.listPartitionReassignments(Set.of(p0)).reassignments().get().isEmpty());
        assertInstanceOf(NoReassignmentInProgressException.class,
                failure(() -> admin.alterPartitionReassignments(Map.of(p0, Optional.empty())).all().get()));
        assertInstanceOf(InvalidReplicationFactorException.class, failure(() -> admin.alterPartitionReassignments(
                Map.of(p0, Optional.of(new NewPartitionReassignment(List.of(node, node + 1)))),
                new AlterPartitionReassignmentsOptions().allowReplicationFactorChange(false)).all().get()));
        Throwable unknownNode = failure(() -> admin.alterPartitionReassignments(
                Map.of(p0, Optional.of(new NewPartitionReassignment(List.of(node + 1))))).all().get());
        assertFalse(unknownNode instanceof InvalidRequestException, String.valueOf(unknownNode));
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(() -> admin.alterPartitionReassignments(
                Map.of(new TopicPartition("no-such-topic", 0), Optional.of(new NewPartitionReassignment(List.of(node)))))
                .all().get()));
    }

    @Test
    void deleteRecordsMovesTheLogStartUpAndRefusesOffsetsPastTheHighWatermark() throws Exception {
        create("trimmed", 1);
        TopicPartition p0 = new TopicPartition("trimmed", 0);
        Properties pp = new Properties();
        pp.put("bootstrap.servers", target.bootstrap());
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("trimmed", 0, "k", "v" + i)).get();
            }
        }
        assertEquals(4, admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(4))).lowWatermarks().get(p0).get()
                .lowWatermark());
        assertEquals(4, admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).partitionResult(p0).get().offset());
        assertInstanceOf(OffsetOutOfRangeException.class, failure(() -> admin.deleteRecords(
                Map.of(p0, RecordsToDelete.beforeOffset(11))).lowWatermarks().get(p0).get()));
        assertEquals(4, admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).partitionResult(p0).get().offset());
        // -1: everything up to the high watermark
        assertEquals(10, admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(-1))).lowWatermarks().get(p0).get()
                .lowWatermark());
        // an unknown topic: Admin retries its metadata lookup until it times out (KafkaAdminWireTest asks directly)

        admin.createTopics(List.of(new NewTopic("compacted", 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all().get();
        TopicPartition c0 = new TopicPartition("compacted", 0);
        assertInstanceOf(PolicyViolationException.class, failure(() -> admin.deleteRecords(
                Map.of(c0, RecordsToDelete.beforeOffset(0))).lowWatermarks().get(c0).get()));
    }

    @Test
    void describeFeaturesStillAnswers() throws Exception {
        // ApiVersions' features, whatever they hold: the call completes
        admin.describeFeatures().featureMetadata().get();
    }
}
