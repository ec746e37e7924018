package io.spate.kafka;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.Eventually;
import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams 4.1.1 with {@code processing.guarantee=exactly_once_v2} against the Kafka listener
 * ({@link KafkaCompat}): the {@link WordCountApp} runs in its own JVM, is killed -9 while its input
 * is still arriving, and is started again with the same application id and state directory. The
 * committed output (read with {@code read_committed}) must then count every word exactly once: for
 * each word exactly the counts 1, 2, ..., n in order, n its number of occurrences in the input. A
 * count past n, a repeated count or a gap would each be a record processed twice or lost.
 *
 * <p>What Streams needs of the broker here: CreateTopics for its repartition and changelog topics,
 * the classic group protocol, InitProducerId with a transactional id (fencing the killed instance),
 * AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn, and read_committed fetches.
 */
@Timeout(600)
class KafkaStreamsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LINES = 6000;
    /** Lines produced before the app starts; the rest arrive while it runs, and it is killed among them. */
    private static final int FIRST_PART = LINES / 2;
    /** The app is killed once this many lines of the second part are sent. */
    private static final int KILL_AFTER = FIRST_PART + 1000;
    private static final List<String> WORDS = List.of("spate", "kafka", "stream", "river", "flood", "delta", "brook",
            "torrent", "eddy", "current", "rapids", "estuary", "creek", "tide", "wave", "surge", "Ström", "fleuve");

    @TempDir
    Path dir;

    @Test
    void wordCountKilledMidStreamCountsEveryWordExactlyOnce() throws Exception {
        try (KafkaCompat.Target target = KafkaCompat.start(dir.resolve("node"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap()))) {
            String app = "word-count-" + UUID.randomUUID().toString().substring(0, 8);
            String in = app + "-in";
            String out = app + "-out";
            admin.createTopics(List.of(new NewTopic(in, 3, (short) 1), new NewTopic(out, 3, (short) 1))).all()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<String> lines = lines(new Random(17));
            Map<String, Long> exact = exactCounts(lines);

            String[] args = {target.bootstrap(), app, in, out, dir.resolve("state").toString(), "exactly_once_v2"};
            try (KafkaProducer<String, String> producer = producer(target.bootstrap());
                 CommittedCounts counts = new CommittedCounts(target.bootstrap(), out)) {
                for (int i = 0; i < FIRST_PART; i++) {
                    producer.send(new ProducerRecord<>(in, Integer.toString(i), lines.get(i)));
                }
                producer.flush();

                ChildJvm first = ChildJvm.start("word-count-1", ChildJvm.testClassPath(), WordCountApp.class.getName(), args);
                Thread rest;
                AtomicInteger sent = new AtomicInteger(FIRST_PART);
                AtomicReference<Throwable> sendFailure = new AtomicReference<>();
                try {
                    eventually(Duration.ofSeconds(180), "the first instance commits counts", () -> counts.records() > 0,
                            () -> first.isAlive() ? first.tail() : "it exited: " + first.tail());
                    rest = new Thread(() -> sendPaced(producer, in, lines, sent, sendFailure), "second-part");
                    rest.start();
                    Thread sender = rest;
                    eventually(WAIT, "the second part is being sent", () -> sent.get() >= KILL_AFTER || !sender.isAlive());
                    assertTrue(first.isAlive(), "the first instance stopped on its own: " + first.tail());
                    assertTrue(sent.get() < LINES, "the input was complete before the kill");
                } finally {
                    first.kill9();
                }
                long seenAtKill = counts.records();

                try (ChildJvm second = ChildJvm.start("word-count-2", ChildJvm.testClassPath(),
                        WordCountApp.class.getName(), args)) {
                    rest.join(WAIT.toMillis());
                    assertFalse(rest.isAlive(), "the second part was not sent within " + WAIT);
                    assertNull(sendFailure.get(), "producing the input failed");
                    // a count past the exact one never comes back down: stop waiting at the first
                    eventually(Duration.ofSeconds(240), "the committed counts reach the exact counts",
                            () -> counts.latest().equals(exact) || overshoots(exact, counts.latest()),
                            () -> "committed " + counts.records() + " (" + seenAtKill + " at the kill), differences "
                                    + differences(exact, counts.latest()) + "\n" + second.tail());
                    assertEquals(exact, counts.latest(), "committed counts past the exact counts, "
                            + counts.records() + " records committed (" + seenAtKill + " at the kill), differences "
                            + differences(exact, counts.latest()));
                    assertTrue(second.printed("running"), "the second instance never reached RUNNING: " + second.tail());
                    assertTrue(second.stop(), "the second instance did not close on SIGTERM: " + second.tail());
                }
            }

            Map<String, List<Long>> history = CommittedCounts.readAll(target.bootstrap(), out, WAIT);
            for (Map.Entry<String, Long> e : exact.entrySet()) {
                List<Long> expected = new ArrayList<>();
                for (long c = 1; c <= e.getValue(); c++) {
                    expected.add(c);
                }
                assertEquals(expected, history.get(e.getKey()),
                        "the committed counts of '" + e.getKey() + "' are not exactly 1.." + e.getValue());
            }
            assertEquals(exact.keySet(), history.keySet(), "words in the output that are not in the input");
        }
    }

    /** Lines of 1 to 8 words of {@link #WORDS}, separated by one to three blanks. */
    private static List<String> lines(Random random) {
        List<String> lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            StringBuilder line = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int w = 0; w < n; w++) {
                if (w > 0) {
                    line.append(" ".repeat(1 + random.nextInt(3)));
                }
                line.append(WORDS.get(random.nextInt(WORDS.size())));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The counts the app must reach: occurrences per lower-cased word (its rule, computed independently). */
    private static Map<String, Long> exactCounts(List<String> lines) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            for (String word : line.split(" ")) {
                if (!word.isEmpty()) {
                    counts.merge(word.toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** The second part, 50 lines every 50 ms, so that the app is still busy with it when it is killed. */
    private static void sendPaced(KafkaProducer<String, String> producer, String topic, List<String> lines,
                                  AtomicInteger sent, AtomicReference<Throwable> failure) {
        try {
            for (int i = FIRST_PART; i < LINES; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i), lines.get(i)), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if ((i + 1) % 50 == 0) {
                    producer.flush();
                    sent.set(i + 1);
                    Eventually.pause(50);
                }
            }
            producer.flush();
            sent.set(LINES);
        } catch (RuntimeException | AssertionError e) {
            failure.compareAndSet(null, e);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static boolean overshoots(Map<String, Long> exact, Map<String, Long> seen) {
        return seen.entrySet().stream().anyMatch(e -> e.getValue() > exact.getOrDefault(e.getKey(), 0L));
    }

    private static Map<String, String> differences(Map<String, Long> exact, Map<String, Long> seen) {
        Map<String, String> diff = new TreeMap<>();
        exact.forEach((w, n) -> {
            if (!n.equals(seen.get(w))) {
                diff.put(w, seen.get(w) + " of " + n);
            }
        });
        seen.keySet().stream().filter(w -> !exact.containsKey(w)).forEach(w -> diff.put(w, "unexpected"));
        return diff;
    }
}
