package io.spate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.NewTopic;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.PartitionInfo;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.QuorumDescription;
import io.spate.client.RecordMetadata;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.client.TopicDescription;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeLogDirsRequest;
import io.spate.protocol.DescribeLogDirsResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client process for partition tests, run inside a network namespace the test JVM cannot reach
 * ({@link NetnsLab}): it reads one command per line on stdin, {@code <id> <command> <args…>}, runs
 * each on a thread of its own with Spate's client, every call bounded by a timeout, and answers each
 * with one JSON line on stdout: {@code {"id":…, "ok":true|false, "ms":…, "error":…, "code":…, …}}.
 * Answers come in completion order, not request order. Commands ({@code addr} is {@code host:port}):
 * <ul>
 *   <li>{@code create addr topic partitions replicationFactor timeoutMs}: CreateTopics, from a new
 *       admin that knows only {@code addr};</li>
 *   <li>{@code quorum addr}: DescribeQuorum of that node ({@code leader}, {@code term},
 *       {@code metadataEpoch}, {@code lease});</li>
 *   <li>{@code brokers addr}: the ids of the live nodes that node's metadata lists;</li>
 *   <li>{@code topics addr}: the topic names that node's metadata lists;</li>
 *   <li>{@code describe addr topic}: leader, epoch and ISR of each partition, as that node sees them;</li>
 *   <li>{@code produce addr topic partition acks retries timeoutMs value}: one record, from a producer
 *       per (addr, acks, retries, timeout) kept for the next ones (its {@code offset});</li>
 *   <li>{@code read addr topic partition timeoutMs}: every value from the start to the end offset;</li>
 *   <li>{@code logend addr topic partition}: that node's own replica ({@code logEnd},
 *       {@code highWatermark}), by DescribeLogDirs over a plain connection.</li>
 * </ul>
 */
public final class PartitionDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOSE = Duration.ofSeconds(10);

    private final PrintStream out;
    private final Map<String, SpateProducer> producers = new ConcurrentHashMap<>();

    private PartitionDriver(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // the client's own prints must not mix with the answers
        PartitionDriver driver = new PartitionDriver(out);
        ExecutorService threads = Executors.newCachedThreadPool();
        out.println("{\"ready\":true}");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split(" ");
                if (words.length >= 2) {
                    threads.execute(() -> driver.answer(words));
                }
            }
        }
        // stdin closed: the test is done with us
        threads.shutdownNow();
        driver.producers.values().forEach(p -> {
            try {
                Blocking.await(p.close(), CLOSE);
            } catch (RuntimeException ignored) {
                // exiting anyway
            }
        });
        System.exit(0);
    }

    private void answer(String[] w) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", w[0]);
        long start = System.nanoTime();
        try {
            run(w, a);
            a.put("ok", true);
        } catch (Throwable e) {
            a.put("ok", false);
            a.put("error", String.valueOf(e));
            a.put("code", e instanceof SpateException se ? se.error().name() : "");
        }
        a.put("ms", (System.nanoTime() - start) / 1_000_000);
        synchronized (out) {
            out.println(a);
        }
    }

    private void run(String[] w, ObjectNode a) {
        String addr = w[2];
        switch (w[1]) {
            case "create" -> {
                int timeout = Integer.parseInt(w[6]);
                SpateAdmin admin = admin(addr, timeout);
                try {
                    Blocking.await(admin.createTopics(List.of(new NewTopic(w[3], Integer.parseInt(w[4]),
                            Short.parseShort(w[5]), Map.of()))), Duration.ofMillis(timeout + 5_000L));
                } finally {
                    closeQuietly(admin);
                }
            }
            case "quorum" -> {
                SpateAdmin admin = admin(addr, 5_000);
                try {
                    QuorumDescription q = Blocking.await(admin.describeQuorum(), Duration.ofSeconds(8));
                    a.put("node", q.nodeId()).put("leader", q.leaderId()).put("term", q.leaderEpoch())
                            .put("metadataEpoch", q.metadataEpoch()).put("lease", q.leaseHeld());
                } finally {
                    closeQuietly(admin);
                }
            }
            case "brokers" -> {
                SpateAdmin admin = admin(addr, 5_000);
                try {
                    ArrayNode ids = a.putArray("brokers");
                    Blocking.await(admin.describeCluster(), Duration.ofSeconds(8)).nodes().forEach(n -> ids.add(n.id()));
                } finally {
                    closeQuietly(admin);
                }
            }
            case "topics" -> {
                SpateAdmin admin = admin(addr, 5_000);
                try {
                    ArrayNode names = a.putArray("topics");
                    Blocking.await(admin.listTopics(), Duration.ofSeconds(8)).forEach(names::add);
                } finally {
                    closeQuietly(admin);
                }
            }
            case "describe" -> {
                SpateAdmin admin = admin(addr, 5_000);
                try {
                    TopicDescription t = Blocking.await(admin.describeTopic(w[3]), Duration.ofSeconds(8));
                    ArrayNode parts = a.putArray("partitions");
                    for (PartitionInfo p : t.partitions()) {
                        ObjectNode o = parts.addObject().put("partition", p.partition()).put("leader", p.leader())
                                .put("leaderEpoch", p.leaderEpoch());
                        p.isr().forEach(o.putArray("isr")::add);
                        p.replicas().forEach(o.putArray("replicas")::add);
                    }
                } finally {
                    closeQuietly(admin);
                }
            }
            case "produce" -> {
                short acks = Short.parseShort(w[5]);
                int retries = Integer.parseInt(w[6]);
                int timeout = Integer.parseInt(w[7]);
                SpateProducer producer = producers.computeIfAbsent(addr + "|" + acks + "|" + retries + "|" + timeout,
                        k -> SpateProducer.create(new ProducerConfig().setBootstrapServers(addr).setAcks(acks)
                                .setRetries(retries).setRequestTimeoutMs(Math.min(timeout, 30_000))
                                .setDeliveryTimeoutMs(timeout).setLingerMs(0)));
                RecordMetadata m = Blocking.await(producer.send(new ProducerRecord(w[3], Integer.parseInt(w[4]), null,
                        w[8].getBytes(StandardCharsets.UTF_8))), Duration.ofMillis(timeout + 5_000L));
                a.put("offset", m.offset());
            }
            case "read" -> read(addr, new TopicPartition(w[3], Integer.parseInt(w[4])), Integer.parseInt(w[5]), a);
            case "logend" -> {
                String[] hp = addr.split(":");
                try (RawConnection c = RawConnection.to(hp[0], Integer.parseInt(hp[1]))) {
                    DescribeLogDirsResponse r = DescribeLogDirsResponse.readFrom(
                            c.call(ApiKey.DESCRIBE_LOG_DIRS, new DescribeLogDirsRequest(List.of(w[3]))).body());
                    int partition = Integer.parseInt(w[4]);
                    for (DescribeLogDirsResponse.TopicLogs t : r.topics()) {
                        for (DescribeLogDirsResponse.PartitionLog p : t.partitions()) {
                            if (p.partition() == partition) {
                                a.put("error", p.error().name()).put("logEnd", p.logEndOffset())
                                        .put("highWatermark", p.highWatermark());
                            }
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + w[1]);
        }
    }

    private static void read(String addr, TopicPartition tp, int timeoutMs, ObjectNode a) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        SpateAdmin admin = admin(addr, timeoutMs);
        long end;
        try {
            end = Blocking.await(admin.listOffsets(Map.of(tp, SpateAdmin.LATEST)), Duration.ofMillis(timeoutMs))
                    .get(tp).offset();
        } finally {
            closeQuietly(admin);
        }
        SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(addr)
                .setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
        ArrayNode values = a.putArray("values");
        try {
            consumer.assign(List.of(tp));
            long next = 0;
            while (next < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read " + next + " of " + end + " records of " + tp + " in "
                            + timeoutMs + " ms");
                }
                for (ConsumerRecord r : consumer.poll(Duration.ofMillis(300))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                    next = r.offset() + 1;
                }
            }
            a.put("end", end);
        } finally {
            closeQuietly(consumer);
        }
    }

    private static SpateAdmin admin(String addr, int timeoutMs) {
        return SpateAdmin.create(new AdminConfig().setBootstrapServers(addr).setRequestTimeoutMs(timeoutMs)
                .setDefaultApiTimeoutMs(timeoutMs));
    }

    private static void closeQuietly(SpateAdmin admin) {
        try {
            Blocking.await(admin.close(), CLOSE);
        } catch (RuntimeException ignored) {
            // an admin that does not close in time is left to the exit
        }
    }

    private static void closeQuietly(SpateConsumer consumer) {
        try {
            Blocking.await(consumer.close(), CLOSE);
        } catch (RuntimeException ignored) {
            // as above
        }
    }
}
