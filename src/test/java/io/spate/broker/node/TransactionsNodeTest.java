package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerGroupMetadata;
import io.spate.client.ConsumerRecord;
import io.spate.client.IsolationLevel;
import io.spate.client.NewTopic;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.protocol.TopicPartition;
import io.spate.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions end to end on one node, through the client: each commit's records reach read_committed
 * consumers, an abort's never do (read_uncommitted ones see them), and the group offsets sent in each
 * transaction become the group's committed offsets only when it commits — also the second
 * transaction's, whose offset batch starts at sequence 0 again, like the first.
 */
@Timeout(60)
class TransactionsNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition IN = new TopicPartition("in", 0);
    @TempDir
    Path dir;
    private SpateNode node;

    @AfterEach
    void stop() {
        TestNode.stop(node);
    }

    @Test
    void commitsShowTheirRecordsAndOffsetsAndAnAbortNeither() {
        node = TestNode.start(dir);
        String bootstrap = "127.0.0.1:" + node.port();
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap));
        Blocking.await(admin.createTopics(List.of(new NewTopic("in", 1, (short) 1, Map.of()),
                new NewTopic("out", 1, (short) 1, Map.of()))), WAIT);
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap)
                .setTransactionalId("node-test"));
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("g", -1, "", Optional.empty());
        try {
            Blocking.await(producer.initTransactions(), WAIT);
            transaction(producer, group, 5, true, "a", "b");
            transaction(producer, group, 10, true, "c");
            transaction(producer, group, 99, false, "z");
            transaction(producer, group, 12, true, "d");
        } finally {
            Blocking.await(producer.close(), WAIT);
        }
        assertEquals(List.of("a", "b", "c", "d"), read(bootstrap, IsolationLevel.READ_COMMITTED, 4));
        assertEquals(List.of("a", "b", "c", "z", "d"), read(bootstrap, IsolationLevel.READ_UNCOMMITTED, 5));
        assertEquals(12, Blocking.await(admin.listGroupOffsets("g"), WAIT).get(IN).offset(),
                "the last committed transaction's offset, not the aborted one's");
        Blocking.await(admin.close(), WAIT);
    }

    private static void transaction(SpateProducer producer, ConsumerGroupMetadata group, long offset, boolean commit,
                                    String... values) {
        producer.beginTransaction();
        for (String v : values) {
            producer.send(new ProducerRecord("out", 0, null, v.getBytes(StandardCharsets.UTF_8)));
        }
        Blocking.await(producer.sendOffsetsToTransaction(Map.of(IN, new OffsetAndMetadata(offset, null, Optional.empty())),
                group), WAIT);
        Blocking.await(producer.flush(), WAIT); // written before the end: an abort then has records to hide
        Blocking.await(commit ? producer.commitTransaction() : producer.abortTransaction(), WAIT);
    }

    private static List<String> read(String bootstrap, IsolationLevel isolation, int expected) {
        List<String> values = new ArrayList<>();
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap)
                .setIsolationLevel(isolation).setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        try {
            consumer.assign(List.of(new TopicPartition("out", 0)));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            // nothing more comes: a short extra poll
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(500))) {
                values.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        } finally {
            Blocking.await(consumer.close(), WAIT);
        }
        return values;
    }
}
