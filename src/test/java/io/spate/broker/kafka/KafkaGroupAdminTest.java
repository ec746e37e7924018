package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.1.1's Admin on a node's Kafka listener, for consumer groups: list, describe,
 * list / alter / delete a group's offsets, delete the group; with the refusals Kafka gives (a group
 * with members cannot be deleted nor have its subscribed offsets deleted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KafkaGroupAdminTest {
    private static final String TOPIC = "admin-groups";
    private static final String OTHER = "admin-other";
    private KafkaCompat.Target target;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0");
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic(OTHER, 1, (short) 1))).all().get();
        }
        Properties p = props();
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k", "v" + i));
                producer.send(new ProducerRecord<>(OTHER, 0, "k", "o" + i));
            }
        }
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", target.bootstrap());
        return p;
    }

    KafkaConsumer<String, String> consumer(String group) {
        Properties p = props();
        p.put("group.id", group);
        p.put("client.id", "admin-test-consumer");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        return new KafkaConsumer<>(p);
    }

    /** A member of {@code group} subscribed to TOPIC, Stable, having committed 10 and 10 on TOPIC and 7 on OTHER. */
    KafkaConsumer<String, String> activeMember(String group) {
        KafkaConsumer<String, String> c = consumer(group);
        c.subscribe(List.of(TOPIC));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int read = 0;
        while (read < 20 && System.nanoTime() < deadline) {
            read += c.poll(Duration.ofMillis(100)).count();
        }
        assertEquals(20, read);
        c.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(10),
                new TopicPartition(TOPIC, 1), new OffsetAndMetadata(10), new TopicPartition(OTHER, 0),
                new OffsetAndMetadata(7)));
        return c;
    }

    @Test
    @SuppressWarnings("deprecation")
    void listAndDescribeAGroupWithAMember() throws Exception {
        try (Admin admin = Admin.create(props()); KafkaConsumer<String, String> c = activeMember("described")) {
            ConsumerGroupListing listed = admin.listConsumerGroups().all().get().stream()
                    .filter(g -> g.groupId().equals("described")).findFirst().orElseThrow();
            assertEquals(java.util.Optional.of(GroupState.STABLE), listed.groupState());
            assertFalse(listed.isSimpleConsumerGroup());

            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of("described")).all().get().get("described");
            assertEquals(GroupState.STABLE, d.groupState());
            assertEquals("range", d.partitionAssignor());
            assertEquals(target.isSpate() ? target.node().nodeId() : d.coordinator().id(), d.coordinator().id());
            assertEquals(1, d.members().size());
            MemberDescription m = d.members().iterator().next();
            assertEquals("admin-test-consumer", m.clientId());
            assertEquals(Set.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1)),
                    m.assignment().topicPartitions());

            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("described")
                    .partitionsToOffsetAndMetadata().get();
            assertEquals(Map.of(new TopicPartition(TOPIC, 0), 10L, new TopicPartition(TOPIC, 1), 10L,
                    new TopicPartition(OTHER, 0), 7L), Map.of(
                    new TopicPartition(TOPIC, 0), offsets.get(new TopicPartition(TOPIC, 0)).offset(),
                    new TopicPartition(TOPIC, 1), offsets.get(new TopicPartition(TOPIC, 1)).offset(),
                    new TopicPartition(OTHER, 0), offsets.get(new TopicPartition(OTHER, 0)).offset()));
            assertEquals(3, offsets.size());

            ExecutionException unknown = assertThrows(ExecutionException.class,
                    () -> admin.describeConsumerGroups(List.of("nobody")).all().get());
            assertInstanceOf(GroupIdNotFoundException.class, unknown.getCause());
        }
    }

    @Test
    void offsetsOfAGroupWithMembersCanOnlyBeDeletedForTopicsItDoesNotSubscribeTo() throws Exception {
        try (Admin admin = Admin.create(props()); KafkaConsumer<String, String> c = activeMember("deleting")) {
            TopicPartition subscribed = new TopicPartition(TOPIC, 0);
            TopicPartition other = new TopicPartition(OTHER, 0);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> admin
                    .deleteConsumerGroupOffsets("deleting", Set.of(subscribed)).partitionResult(subscribed).get());
            assertInstanceOf(GroupSubscribedToTopicException.class, refused.getCause());
            admin.deleteConsumerGroupOffsets("deleting", Set.of(other)).all().get();
            Map<TopicPartition, OffsetAndMetadata> left = admin.listConsumerGroupOffsets("deleting")
                    .partitionsToOffsetAndMetadata().get();
            assertEquals(Set.of(subscribed, new TopicPartition(TOPIC, 1)), left.keySet());

            ExecutionException nonEmpty = assertThrows(ExecutionException.class,
                    () -> admin.deleteConsumerGroups(List.of("deleting")).all().get());
            assertInstanceOf(GroupNotEmptyException.class, nonEmpty.getCause());
        }
    }

    @Test
    void anEmptyGroupsOffsetsAreAlteredAndDeletedThenTheGroupIsDeleted() throws Exception {
        try (Admin admin = Admin.create(props())) {
            activeMember("emptied").close(); // leaves the group: Empty, offsets kept
            TopicPartition p0 = new TopicPartition(TOPIC, 0);
            TopicPartition p1 = new TopicPartition(TOPIC, 1);
            admin.alterConsumerGroupOffsets("emptied", Map.of(p0, new OffsetAndMetadata(3, "reset"))).all().get();
            Map<TopicPartition, OffsetAndMetadata> after = admin.listConsumerGroupOffsets("emptied")
                    .partitionsToOffsetAndMetadata().get();
            assertEquals(3, after.get(p0).offset());
            assertEquals("reset", after.get(p0).metadata());
            assertEquals(10, after.get(p1).offset());

            admin.deleteConsumerGroupOffsets("emptied", Set.of(p1)).all().get();
            assertFalse(admin.listConsumerGroupOffsets("emptied").partitionsToOffsetAndMetadata().get().containsKey(p1));
            try (KafkaConsumer<String, String> c = consumer("emptied")) {
                c.subscribe(List.of(TOPIC));
                int[] fromP0 = {0};
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (fromP0[0] < 7 && System.nanoTime() < deadline) {
                    c.poll(Duration.ofMillis(100)).forEach(r -> fromP0[0] += r.partition() == 0 ? 1 : 0);
                }
                assertEquals(7, fromP0[0], "the member resumes partition 0 at the altered offset 3 of 10");
            }

            admin.deleteConsumerGroups(List.of("emptied")).all().get();
            assertTrue(admin.listConsumerGroupOffsets("emptied").partitionsToOffsetAndMetadata().get().isEmpty());
            @SuppressWarnings("deprecation")
            boolean listed = admin.listConsumerGroups().all().get().stream().anyMatch(g -> g.groupId().equals("emptied"));
            assertFalse(listed);
            ExecutionException gone = assertThrows(ExecutionException.class,
                    () -> admin.deleteConsumerGroups(List.of("emptied")).all().get());
            assertInstanceOf(GroupIdNotFoundException.class, gone.getCause());
        }
    }
}
