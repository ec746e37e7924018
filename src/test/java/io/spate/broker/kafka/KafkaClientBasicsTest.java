package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.1.1, unmodified, against a node's Kafka listener: the producer with its defaults
 * (idempotent, acks=all), a consumer assigned to partitions (no group) reading back what was
 * acknowledged, in order, and ListOffsets through the consumer's offset lookups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KafkaClientBasicsTest {
    private KafkaCompat.Target target;

    @BeforeAll
    void start(@TempDir Path dir) {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false");
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", target.bootstrap());
        return p;
    }

    /** Admin's offset lookups: earliest, latest, the largest timestamp (KIP-734), earliest local, and by time. */
    @Test
    void listOffsetsFindsTheLargestTimestampAndLooksUpByTime() throws Exception {
        String topic = "offsets-by-time";
        Properties pp = props();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                long[] stamps = {1_000, 5_000, 3_000, 5_000, 2_000};
                for (long ts : stamps) {
                    producer.send(new ProducerRecord<>(topic, 0, ts, null, "at " + ts)).get();
                }
            }
            TopicPartition tp = new TopicPartition(topic, 0);
            java.util.function.Function<org.apache.kafka.clients.admin.OffsetSpec,
                    org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> at = spec -> {
                try {
                    return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            assertEquals(0, at.apply(org.apache.kafka.clients.admin.OffsetSpec.earliest()).offset());
            assertEquals(5, at.apply(org.apache.kafka.clients.admin.OffsetSpec.latest()).offset());
            var max = at.apply(org.apache.kafka.clients.admin.OffsetSpec.maxTimestamp());
            assertEquals(1, max.offset(), "the first record with the largest timestamp");
            assertEquals(5_000, max.timestamp());
            assertEquals(0, at.apply(org.apache.kafka.clients.admin.OffsetSpec.earliestLocal()).offset());
            var byTime = at.apply(org.apache.kafka.clients.admin.OffsetSpec.forTimestamp(2_500));
            assertEquals(1, byTime.offset());
            assertEquals(5_000, byTime.timestamp(), "the found record's timestamp, not the one asked");
            assertEquals(-1, at.apply(org.apache.kafka.clients.admin.OffsetSpec.forTimestamp(9_000)).offset());
        }
    }

    /** Every compression kafka-clients offers: the batches are stored as they came and read back by the consumer. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void eachCompressionIsStoredAndReadBack(String codec) throws Exception {
        String topic = "compressed-" + codec;
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties pp = props();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        pp.put("compression.type", codec);
        pp.put("linger.ms", "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "k" + i, "value " + i + " " + "x".repeat(i % 50))));
            }
            for (java.util.concurrent.Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        Properties cp = props();
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 300 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            assertEquals(300, read.size());
            for (int i = 0; i < 300; i++) {
                assertEquals(i, read.get(i).offset());
                assertEquals("value " + i + " " + "x".repeat(i % 50), read.get(i).value());
            }
        }
    }

    @Test
    void theDefaultProducerWritesAndAnAssignedConsumerReadsBack() throws Exception {
        String topic = "basics";
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Properties pp = props();
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        pp.put("linger.ms", "5");
        List<RecordMetadata> acked = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 500; i++) {
                acked.add(producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i)).get());
            }
        }
        assertEquals(250, acked.stream().filter(m -> m.partition() == 0).count());
        assertEquals(249, acked.stream().filter(m -> m.partition() == 1).mapToLong(RecordMetadata::offset).max().orElse(-1));

        Properties cp = props();
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", StringDeserializer.class.getName());
        cp.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            TopicPartition p0 = new TopicPartition(topic, 0);
            TopicPartition p1 = new TopicPartition(topic, 1);
            consumer.assign(List.of(p0, p1));
            assertEquals(Map.of(p0, 0L, p1, 0L), consumer.beginningOffsets(List.of(p0, p1)));
            assertEquals(Map.of(p0, 250L, p1, 250L), consumer.endOffsets(List.of(p0, p1)));
            consumer.seekToBeginning(List.of(p0, p1));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 500 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            assertEquals(500, read.size());
            for (int part = 0; part < 2; part++) {
                int pp2 = part;
                List<ConsumerRecord<String, String>> of = read.stream().filter(r -> r.partition() == pp2).toList();
                for (int i = 0; i < of.size(); i++) {
                    assertEquals(i, of.get(i).offset());
                    assertEquals("v" + (2 * i + pp2), of.get(i).value());
                    assertEquals("k" + (2 * i + pp2), of.get(i).key());
                }
            }
            consumer.seek(p1, 100);
            ConsumerRecord<String, String> first = null;
            while (first == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.partition() == 1 && first == null) {
                        first = r;
                    }
                }
            }
            assertTrue(first != null && first.offset() == 100 && first.value().equals("v201"), String.valueOf(first));
        }
    }
}
