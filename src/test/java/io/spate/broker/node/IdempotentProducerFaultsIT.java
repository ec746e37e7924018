package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.spate.protocol.TopicPartition;
import io.spate.testing.Eventually;
import io.spate.testing.NodeProcess;
import io.spate.testing.ProcessCluster;
import io.spate.testing.ResponseDroppingProxy;
import io.spate.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the idempotent producer (the default) under the faults that made the old producer
 * write duplicates. A producer sends numbered records, many in flight, acks=all, retrying, while
 * (a) the leader of a partition is killed -9 and restarted, (b) the leader is frozen with SIGSTOP
 * past the failure timeout and resumed, both on 3 fat-jar nodes with 3 replicas, and (c) a proxy in
 * front of a node loses every 5th answer after the node served the request. Each run: every
 * acknowledged record is read back, none twice, and each partition holds its records in the order
 * they were sent. The counts are printed.
 */
@Timeout(600)
class IdempotentProducerFaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "numbers";
    private static final int PARTITIONS = 3;

    @TempDir
    Path root;

    @Test
    void leaderKillAndFreezeWriteNothingTwice() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(root, "idem", 3, "cluster.failure.timeout.ms=5000",
                "replica.lag.time.max.ms=5000").startAll()) {
            SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(cluster.bootstrap()));
            Blocking.await(admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3,
                    Map.of("min.insync.replicas", "2")))), WAIT);
            Writer writer = new Writer(cluster.bootstrap());
            try {
                // (a) kill -9 of the leader of partition 0, then it restarts and catches up
                awaitFullIsr(admin);
                writer.awaitProgress(2_000);
                int leader = leaderOf(admin, 0);
                cluster.kill9(leader);
                writer.awaitProgress(2_000);
                cluster.start(leader);
                awaitFullIsr(admin);
                // (b) the leader frozen past the failure timeout, then resumed
                writer.awaitProgress(2_000);
                leader = leaderOf(admin, 0);
                cluster.node(leader).signal("STOP");
                Eventually.pause(8_000);
                cluster.node(leader).signal("CONT");
                awaitFullIsr(admin);
                writer.awaitProgress(2_000);
            } finally {
                writer.stop();
            }
            Blocking.await(admin.close(), WAIT);
            writer.check("kill -9 and SIGSTOP of the leader", read(cluster.bootstrap(), writer));
        }
    }

    @Test
    void lostAnswersWriteNothingTwice() throws Exception {
        int nodePort = TestCluster.freePort();
        try (ResponseDroppingProxy proxy = new ResponseDroppingProxy(nodePort, 5)) {
            NodeProcess node = NodeProcess.start(root.resolve("node"), "listener.port=" + nodePort,
                    "listener.advertised.port=" + proxy.port());
            try {
                String bootstrap = "127.0.0.1:" + proxy.port();
                SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap));
                Eventually.eventually(WAIT, "the topic created through the lossy proxy", () -> {
                    try {
                        Blocking.await(admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1, Map.of()))),
                                Duration.ofSeconds(10));
                        return true;
                    } catch (RuntimeException e) {
                        return e.getMessage() != null && e.getMessage().contains("already exists");
                    }
                });
                Blocking.await(admin.close(), WAIT);
                Writer writer = new Writer(bootstrap);
                try {
                    writer.awaitProgress(50_000);
                } finally {
                    writer.stop();
                }
                assertTrue(proxy.dropped() > 0, "the proxy lost answers");
                System.out.println("IdempotentProducerFaultsIT: the proxy lost " + proxy.dropped() + " answers");
                writer.check("answers lost after the write", read(bootstrap, writer));
            } finally {
                node.close();
            }
        }
    }

    /** Sends 0, 1, 2, ... keyed by number, up to 2,000 unanswered at a time, until stopped. */
    private static final class Writer {
        private final SpateProducer producer;
        private final Set<Long> acked = ConcurrentHashMap.newKeySet();
        private final Map<Long, String> failed = new ConcurrentHashMap<>();
        private final Semaphore window = new Semaphore(2_000);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> died = new AtomicReference<>();
        private final Thread thread;
        private volatile long sent;

        Writer(String bootstrap) {
            producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap).setAcks((short) -1)
                    .setDeliveryTimeoutMs(120_000).setLingerMs(2));
            thread = new Thread(this::run, "numbered-writer");
            thread.start();
        }

        private void run() {
            try {
                for (long n = 0; !stop.get(); n++) {
                    if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                        n--;
                        continue;
                    }
                    long number = n;
                    byte[] value = Long.toString(number).getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord(TOPIC, value, value)).onComplete(ar -> {
                        if (ar.succeeded()) {
                            acked.add(number);
                        } else {
                            failed.put(number, String.valueOf(ar.cause()));
                        }
                        window.release();
                    });
                    sent = number + 1;
                }
            } catch (Throwable t) {
                died.set(t);
            }
        }

        void awaitProgress(int records) {
            int before = acked.size();
            Eventually.eventually(WAIT, records + " more records acknowledged (" + before + " so far; failed "
                    + failed.size() + ", e.g. " + failed.values().stream().findFirst().orElse("none") + ")",
                    () -> acked.size() >= before + records);
        }

        /** Stops sending and waits until every record sent has its answer. */
        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
            Eventually.eventually(Duration.ofSeconds(150), "every record answered", () ->
                    window.availablePermits() == 2_000);
            Blocking.await(producer.close(), WAIT);
            assertEquals(null, died.get(), "the writer thread died");
        }

        /** Every acknowledged number read back, none twice, each partition in send order. */
        void check(String run, Map<Integer, List<Long>> byPartition) {
            List<Long> all = new ArrayList<>();
            byPartition.values().forEach(all::addAll);
            Set<Long> distinct = new HashSet<>(all);
            int duplicates = all.size() - distinct.size();
            long lost = acked.stream().filter(n -> !distinct.contains(n)).count();
            System.out.println("IdempotentProducerFaultsIT (" + run + "): sent " + sent + ", acknowledged " + acked.size()
                    + ", failed " + failed.size() + ", read " + all.size() + ", duplicates " + duplicates
                    + ", acknowledged and lost " + lost);
            assertEquals(0, lost, "acknowledged records lost");
            assertEquals(0, duplicates, "records written twice");
            byPartition.forEach((p, numbers) -> {
                for (int i = 1; i < numbers.size(); i++) {
                    assertTrue(numbers.get(i) > numbers.get(i - 1), "partition " + p + " out of order at " + i + ": "
                            + numbers.get(i - 1) + " then " + numbers.get(i));
                }
            });
        }
    }

    /** Every record of every partition, by partition, until the highest acknowledged number of each is seen. */
    private static Map<Integer, List<Long>> read(String bootstrap, Writer writer) {
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartition(TOPIC, p));
        }
        consumer.assign(tps);
        Map<Integer, List<Long>> got = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        // read until every acknowledged number is there, then a little longer for unacknowledged ones
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(500))) {
                long n = Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));
                got.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(n);
                seen.add(n);
            }
            if (quietUntil == Long.MAX_VALUE && seen.containsAll(writer.acked)) {
                quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
        }
        Blocking.await(consumer.close(), WAIT);
        return got;
    }

    private static int leaderOf(SpateAdmin admin, int partition) {
        return Blocking.await(admin.describeTopic(TOPIC), WAIT).partitions().get(partition).leader();
    }

    private static void awaitFullIsr(SpateAdmin admin) {
        Eventually.eventually(WAIT, "every partition with 3 replicas in sync", () -> {
            try {
                return Blocking.await(admin.describeTopic(TOPIC), WAIT).partitions().stream()
                        .allMatch((PartitionInfo p) -> p.isr().size() == 3 && p.leader() > 0);
            } catch (RuntimeException e) {
                return false;
            }
        });
    }
}
