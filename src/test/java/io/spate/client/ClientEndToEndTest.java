package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.Murmur2;
import io.spate.testing.TestNode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real client against a real in-process node: producer, consumer and admin together. */
@Timeout(120)
class ClientEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;
    static SpateNode node;
    static SpateAdmin admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir);
        admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            Blocking.await(admin.close(), WAIT);
        }
        TestNode.stop(node);
    }

    static SpateProducer producer(CompressionType compression) {
        return SpateProducer.create(new ProducerConfig().setBootstrapServers(node.address()).setCompressionType(compression));
    }

    static SpateConsumer consumer() {
        return SpateConsumer.create(new ConsumerConfig().setBootstrapServers(node.address())
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Polls until {@code count} records arrived (bounded). */
    static List<ConsumerRecord> pollAtLeast(SpateConsumer consumer, int count) {
        List<ConsumerRecord> all = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (all.size() < count && System.nanoTime() < deadline) {
            all.addAll(consumer.poll(Duration.ofMillis(500)));
        }
        assertTrue(all.size() >= count, "got " + all.size() + " of " + count);
        return all;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void producedRecordsComeBackInOrderPerPartition(CompressionType compression) {
        String topic = "order-" + compression.configName();
        Blocking.await(admin.createTopic(topic, 3, Map.of()), WAIT);
        SpateProducer producer = producer(compression);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            sent.add(producer.send(new ProducerRecord(topic, bytes("key-" + (i % 17)), bytes("value-" + i))));
        }
        Blocking.await(producer.flush(), WAIT);
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (Future<RecordMetadata> f : sent) {
            RecordMetadata md = Blocking.await(f, WAIT);
            long previous = lastOffset.getOrDefault(md.topicPartition().partition(), -1L);
            assertTrue(md.offset() > previous, "offsets grow per partition");
            lastOffset.put(md.topicPartition().partition(), md.offset());
        }
        Blocking.await(producer.close(), WAIT);

        SpateConsumer consumer = consumer();
        consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1), new TopicPartition(topic, 2)));
        List<ConsumerRecord> records = pollAtLeast(consumer, 3_000);
        Blocking.await(consumer.close(), WAIT);
        assertEquals(3_000, records.size());
        Map<String, Integer> lastSeq = new HashMap<>();
        for (ConsumerRecord r : records) {
            String key = str(r.key());
            int seq = Integer.parseInt(str(r.value()).substring("value-".length()));
            assertTrue(seq > lastSeq.getOrDefault(key, -1), "per key (hence per partition) order kept");
            lastSeq.put(key, seq);
            assertEquals(Murmur2.partitionForKey(r.key(), 3), r.partition(), "Kafka's partition for the key");
        }
    }

    @Test
    void readStreamFaceDeliversWithPauseAndResume() throws Exception {
        String topic = "stream";
        Blocking.await(admin.createTopic(topic, 1, Map.of()), WAIT);
        SpateProducer producer = producer(CompressionType.LZ4);
        for (int i = 0; i < 500; i++) {
            producer.send(new ProducerRecord(topic, bytes("s" + i)));
        }
        Blocking.await(producer.close(), WAIT);
        SpateConsumer consumer = consumer();
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        List<String> seen = new ArrayList<>();
        consumer.pause();
        consumer.handler(r -> {
            seen.add(str(r.value()));
            if (seen.size() % 100 == 0) {
                consumer.pause();
                consumer.resume();
            }
            if (seen.size() == 500) {
                done.complete(List.copyOf(seen));
            }
        });
        consumer.resume();
        List<String> values = done.get(30, TimeUnit.SECONDS);
        assertEquals("s0", values.get(0));
        assertEquals("s499", values.get(499));
        Blocking.await(consumer.close(), WAIT);
    }

    @Test
    void seekAndOffsetsForTimes() {
        String topic = "seek";
        Blocking.await(admin.createTopic(topic, 1, Map.of()), WAIT);
        SpateProducer producer = producer(CompressionType.NONE);
        for (int i = 0; i < 10; i++) {
            Blocking.await(producer.send(new ProducerRecord(topic, 0, 1_000L * (i + 1), null, bytes("t" + i), List.of())), WAIT);
        }
        Blocking.await(producer.close(), WAIT);
        SpateConsumer consumer = consumer();
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        Map<TopicPartition, OffsetAndTimestamp> byTime = Blocking.await(consumer.offsetsForTimes(Map.of(tp, 5_500L)), WAIT);
        assertEquals(5, byTime.get(tp).offset());
        consumer.seek(tp, byTime.get(tp).offset());
        assertEquals("t5", str(pollAtLeast(consumer, 1).get(0).value()));
        consumer.seekToEnd(List.of(tp));
        assertEquals(10L, Blocking.await(consumer.position(tp), WAIT));
        Blocking.await(consumer.close(), WAIT);
    }

    @Test
    void seekRightAfterAssignWinsOverResetNone() {
        String topic = "seek-none";
        Blocking.await(admin.createTopic(topic, 1, Map.of()), WAIT);
        SpateProducer producer = producer(CompressionType.NONE);
        Blocking.await(producer.send(new ProducerRecord(topic, bytes("only"))), WAIT);
        Blocking.await(producer.close(), WAIT);
        TopicPartition tp = new TopicPartition(topic, 0);
        for (int i = 0; i < 20; i++) {
            SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(node.address())
                    .setAutoOffsetReset(OffsetResetStrategy.NONE));
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            assertEquals("only", str(pollAtLeast(consumer, 1).get(0).value()));
            Blocking.await(consumer.close(), WAIT);
        }
    }

    @Test
    void internalTopicRefusesChangesThatWouldEraseOffsets() {
        io.spate.testing.InternalTopicChecks.assertUnsafeChangesAreRefused(admin, WAIT);
    }

    @Test
    void adminDescribesAltersAndDeletes() {
        Blocking.await(admin.createTopic("admin-t", 2, Map.of("retention.ms", "60000")), WAIT);
        TopicDescription d = Blocking.await(admin.describeTopic("admin-t"), WAIT);
        assertEquals(2, d.partitions().size());
        Blocking.await(admin.alterConfigs("admin-t", Map.of("retention.bytes", "1000000"), java.util.Set.of("retention.ms")), WAIT);
        Map<String, TopicConfigEntry> configs = Blocking.await(admin.describeConfigs("admin-t"), WAIT);
        assertEquals("1000000", configs.get("retention.bytes").value());
        assertEquals("604800000", configs.get("retention.ms").value(), "deleted override falls back to the default");
        Blocking.await(admin.createPartitions("admin-t", 4), WAIT);
        assertEquals(4, Blocking.await(admin.describeTopic("admin-t"), WAIT).partitions().size());
        SpateException bad = assertThrows(SpateException.class,
                () -> Blocking.await(admin.alterConfigs("admin-t", Map.of("retention.ms", "never"), java.util.Set.of()), WAIT));
        assertEquals(ErrorCode.INVALID_CONFIG, bad.error());
        Blocking.await(admin.deleteTopic("admin-t"), WAIT);
        assertTrue(!Blocking.await(admin.listTopics(), WAIT).contains("admin-t"));
    }

    @Test
    void partitionsForWaitsForMetadataAndFailsForAMissingTopic() {
        Blocking.await(admin.createTopic("meta-wait", 4, Map.of()), WAIT);
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(node.address())
                .setMaxBlockMs(1_000));
        assertEquals(4, Blocking.await(producer.partitionsFor("meta-wait"), WAIT));
        assertThrows(RuntimeException.class, () -> Blocking.await(producer.partitionsFor("no-such-topic"), WAIT));
        Blocking.await(producer.close(), WAIT);
    }

    @Test
    void sendToUnknownTopicFailsWithinTheDeliveryTimeout() {
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(node.address())
                .setRequestTimeoutMs(1_000).setLingerMs(0).setDeliveryTimeoutMs(2_000).setMaxBlockMs(1_000));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Blocking.await(producer.send(new ProducerRecord("missing-topic", bytes("x"))), WAIT));
        assertTrue(String.valueOf(e.getMessage()).contains("missing-topic") || e instanceof SpateException, String.valueOf(e));
        Blocking.await(producer.close(), WAIT);
    }

    @Test
    void positionRightAfterAssignSeesTheNewAssignment() {
        Blocking.await(admin.createTopic("reassigned", 3, Map.of()), WAIT);
        TopicPartition p0 = new TopicPartition("reassigned", 0);
        TopicPartition p1 = new TopicPartition("reassigned", 1);
        TopicPartition p2 = new TopicPartition("reassigned", 2);
        SpateConsumer consumer = consumer();
        List<List<TopicPartition>> turns = List.of(List.of(p0), List.of(p0, p1), List.of(p2), List.of(p1, p2, p0));
        for (int i = 0; i < 200; i++) {
            List<TopicPartition> now = turns.get(i % turns.size());
            consumer.assign(now);
            consumer.seekToEnd(now); // checks the assignment at once, on this thread
            for (TopicPartition tp : now) {
                consumer.position(tp); // so does this; the answer itself is not awaited here
            }
        }
        assertEquals(0L, Blocking.await(consumer.position(p0), WAIT));
        Blocking.await(consumer.close(), WAIT);
    }

    @Test
    void aSingleNodeAcceptsOnlyItselfAsReplicaAndHasNoMoveToListOrCancel() {
        Blocking.await(admin.createTopic("moves", 1, Map.of()), WAIT);
        TopicPartition tp = new TopicPartition("moves", 0);
        Blocking.await(admin.alterPartitionReassignments(Map.of(tp, java.util.Optional.of(List.of(node.nodeId())))), WAIT);
        SpateException other = assertThrows(SpateException.class, () -> Blocking.await(admin.alterPartitionReassignments(
                Map.of(tp, java.util.Optional.of(List.of(node.nodeId() + 1)))), WAIT));
        assertEquals(ErrorCode.INVALID_REPLICA_ASSIGNMENT, other.error());
        assertTrue(other.getMessage().contains("is not a live node"), other.getMessage());
        SpateException cancel = assertThrows(SpateException.class, () -> Blocking.await(admin.alterPartitionReassignments(
                Map.of(tp, java.util.Optional.empty())), WAIT));
        assertEquals(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, cancel.error());
        assertEquals(Map.of(), Blocking.await(admin.listPartitionReassignments(), WAIT));
        assertEquals(List.of(node.nodeId()), Blocking.await(admin.describeTopic("moves"), WAIT).partitions().get(0).replicas());
    }
}
