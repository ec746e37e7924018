package io.spate.testing;

import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerGroupMetadata;
import io.spate.client.ConsumerRecord;
import io.spate.client.IsolationLevel;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.protocol.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A consume-transform-produce process for the exactly-once tests, run in a JVM of its own so that a
 * test can kill it -9 at any point: reads {@code <in>} with read_committed from the offsets its group
 * committed, and for every record writes {@code "out-" + value} (same key, same partition number) to
 * {@code <out>}, the records of one poll and their input offsets in one transaction.
 *
 * <p>usage: {@code EosWorker BOOTSTRAP IN OUT GROUP TRANSACTIONAL_ID PARTITIONS}. It prints
 * {@code ready} once its transactions are initialised, then {@code committed N} after each commit, and
 * runs until killed.
 */
public final class EosWorker {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private EosWorker() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String in = args[1];
        String out = args[2];
        String groupId = args[3];
        String transactionalId = args[4];
        int partitions = Integer.parseInt(args[5]);
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap)
                .setTransactionalId(transactionalId).setLingerMs(5));
        // fences the previous instance and waits until its open transaction is aborted: the group's
        // committed offsets are settled when this returns
        Blocking.await(producer.initTransactions(), WAIT);
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap)
                .setGroupId(groupId).setEnableAutoCommit(false).setIsolationLevel(IsolationLevel.READ_COMMITTED)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        List<TopicPartition> inputs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            inputs.add(new TopicPartition(in, p));
        }
        consumer.assign(inputs);
        ConsumerGroupMetadata group = new ConsumerGroupMetadata(groupId, -1, "", Optional.empty());
        System.out.println("ready");
        System.out.flush();
        long committed = 0;
        while (true) {
            List<ConsumerRecord> records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) {
                continue;
            }
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (ConsumerRecord r : records) {
                String value = "out-" + new String(r.value(), StandardCharsets.UTF_8);
                producer.send(new ProducerRecord(out, r.partition(), r.key(), value.getBytes(StandardCharsets.UTF_8)));
                next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1, null,
                        Optional.empty()));
            }
            Blocking.await(producer.sendOffsetsToTransaction(next, group), WAIT);
            Blocking.await(producer.commitTransaction(), WAIT);
            committed += records.size();
            System.out.println("committed " + committed);
            System.out.flush();
        }
    }
}
