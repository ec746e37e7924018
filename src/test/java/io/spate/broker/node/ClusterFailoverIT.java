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
import io.spate.testing.ProcessCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three fat-jar nodes, a topic with 3 replicas (min.insync.replicas 2), a producer writing a
 * numbered sequence with acks=all while the partition's leader is killed with kill -9, five times
 * in a row (each killed node restarts and catches up before the next kill): every acknowledged
 * number is read back afterwards, in order, with no gaps among them. Prints the time from each
 * kill to the first acknowledged write after it.
 */
@Timeout(600)
class ClusterFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TopicPartition TP = new TopicPartition("seq", 0);

    @TempDir
    Path root;

    private static final java.util.concurrent.atomic.AtomicReference<String> LAST_ERROR =
            new java.util.concurrent.atomic.AtomicReference<>();
    private ProcessCluster cluster;

    @Test
    void everyAcknowledgedRecordSurvivesFiveLeaderKills() throws Exception {
        try {
            cluster = new ProcessCluster(root, "failover", 3, "cluster.failure.timeout.ms=5000",
                    "replica.lag.time.max.ms=5000").startAll();
            SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap()));
            Blocking.await(admin.createTopics(List.of(new NewTopic("seq", 1, (short) 3, Map.of()))), WAIT);

            List<Long> acked = new CopyOnWriteArrayList<>();
            AtomicLong lastAckNanos = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    produce(acked, lastAckNanos, stop);
                } catch (Throwable t) {
                    LAST_ERROR.set("producer thread died: " + t);
                    throw t;
                }
            }, threads);

            List<Long> failoverMs = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                awaitFullIsr(admin);
                long before = acked.size();
                try {
                    waitUntil(() -> acked.size() >= before + 50, "the producer makes progress");
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + " (round " + round + ", " + acked.size() + " acknowledged, "
                            + Blocking.await(admin.describeTopic("seq"), WAIT).partitions().get(0) + ", last producer error: "
                            + LAST_ERROR.get() + ")", e);
                }
                int leader = leaderOf(admin);
                System.out.println("ClusterFailoverIT round " + round + ": " + acked.size() + " acknowledged, killing leader " + leader);
                long killedAt = System.nanoTime();
                cluster.kill9(leader);
                long ackedAtKill = acked.size();
                waitUntil(() -> acked.size() > ackedAtKill && lastAckNanos.get() > killedAt, "a write acknowledged after the kill");
                failoverMs.add((lastAckNanos.get() - killedAt) / 1_000_000);
                cluster.start(leader);
            }
            stop.set(true);
            writer.get(120, java.util.concurrent.TimeUnit.SECONDS);
            threads.shutdown();
            System.out.println("ClusterFailoverIT: kill -9 of the leader to the first acks=all write acknowledged after it (ms): "
                    + failoverMs + "; acknowledged records: " + acked.size());

            List<Long> read = readAll(acked.get(acked.size() - 1));
            List<Long> firstSeen = read.stream().distinct().collect(Collectors.toList());
            for (int i = 1; i < firstSeen.size(); i++) {
                assertTrue(firstSeen.get(i) > firstSeen.get(i - 1), "in order at " + i + ": " + firstSeen.get(i - 1)
                        + " then " + firstSeen.get(i));
            }
            assertTrue(firstSeen.containsAll(acked), "every acknowledged number is there");
            assertEquals(acked, firstSeen.stream().filter(acked::contains).toList(), "acknowledged ones in order, no gaps");

            // a full cluster stop and start keeps the data and the committed offsets
            Blocking.await(admin.alterGroupOffsets("readers", Map.of(TP, 42L)), WAIT);
            Blocking.await(admin.close(), WAIT);
            cluster.terminateAll();
            cluster.startAll();
            admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap()));
            SpateAdmin restarted = admin;
            waitUntil(() -> {
                try {
                    return Blocking.await(restarted.listGroupOffsets("readers"), WAIT).get(TP).offset() == 42L;
                } catch (RuntimeException e) {
                    return false;
                }
            }, "the committed offset is back after the full restart");
            long last = acked.get(acked.size() - 1);
            List<Long> again = readAll(last);
            assertEquals(read.subList(0, read.indexOf(last) + 1), again.subList(0, again.indexOf(last) + 1),
                    "the same records after the full restart");
            Blocking.await(admin.close(), WAIT);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** One record at a time, acks=all: a number counts as acknowledged only when its write succeeded. */
    private void produce(List<Long> acked, AtomicLong lastAckNanos, AtomicBoolean stop) {
        LAST_ERROR.set("creating the producer");
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap())
                .setAcks((short) -1).setDeliveryTimeoutMs(40_000));
        LAST_ERROR.set("producer created");
        for (long n = 0; !stop.get(); n++) {
            try {
                Blocking.await(producer.send(new ProducerRecord("seq", null, Long.toString(n).getBytes(StandardCharsets.UTF_8))),
                        Duration.ofSeconds(60));
                acked.add(n);
                lastAckNanos.set(System.nanoTime());
            } catch (RuntimeException e) {
                // not acknowledged: it may or may not be in the log, and is not checked
                LAST_ERROR.set(e.toString());
            }
        }
        Blocking.await(producer.close(), WAIT);
    }

    private List<Long> readAll(long last) {
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(bootstrap())
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        consumer.assign(List.of(TP));
        List<Long> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((got.isEmpty() || !got.contains(last)) && System.nanoTime() < deadline) {
            for (ConsumerRecord r : consumer.poll(Duration.ofMillis(500))) {
                got.add(Long.parseLong(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        Blocking.await(consumer.close(), WAIT);
        return got;
    }

    private int leaderOf(SpateAdmin admin) {
        return Blocking.await(admin.describeTopic("seq"), WAIT).partitions().get(0).leader();
    }

    private void awaitFullIsr(SpateAdmin admin) {
        waitUntil(() -> {
            try {
                PartitionInfo p = Blocking.await(admin.describeTopic("seq"), WAIT).partitions().get(0);
                return p.isr().size() == 3 && p.leader() > 0;
            } catch (RuntimeException e) {
                return false;
            }
        }, "all three replicas in sync");
    }

    private String bootstrap() {
        return cluster.bootstrap();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        io.spate.testing.Eventually.eventually(WAIT, what, condition);
    }

}
