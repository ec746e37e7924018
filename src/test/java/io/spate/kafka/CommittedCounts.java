package io.spate.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The word counts a Streams app committed to its output topic (key the word, value the count), read
 * with {@code read_committed}: {@link #readAll} reads the whole topic once, up to its last stable
 * offset; an instance follows the topic on a thread of its own while the app runs.
 */
final class CommittedCounts implements AutoCloseable {
    private final KafkaConsumer<String, Long> consumer;
    private final Map<String, Long> latest = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread poller;
    private volatile boolean closing;

    /** Starts following {@code topic} from its beginning. */
    CommittedCounts(String bootstrap, String topic) {
        consumer = consumer(bootstrap);
        try {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        poller = new Thread(this::follow, "committed-counts");
        poller.setDaemon(true);
        poller.start();
    }

    private void follow() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), r.value());
                    records.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** How many committed count records were read so far. */
    long records() {
        return records.get();
    }

    /** The last committed count of every word read so far. */
    Map<String, Long> latest() {
        return new TreeMap<>(latest);
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        poller.join(10_000);
    }

    /**
     * Every committed count of {@code topic}, per word in offset order, read up to the end offsets a
     * read_committed consumer sees when it starts (the last stable offsets); bounded by {@code timeout}.
     */
    static Map<String, List<Long>> readAll(String bootstrap, String topic, Duration timeout) {
        Map<String, List<Long>> history = new TreeMap<>();
        try (KafkaConsumer<String, Long> c = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(c, topic);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey(), timeout) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within " + timeout);
                }
                for (ConsumerRecord<String, Long> r : c.poll(Duration.ofMillis(200))) {
                    history.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
            }
        }
        return history;
    }

    private static KafkaConsumer<String, Long> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new LongDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }
}
