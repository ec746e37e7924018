package io.spate.kafka;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Connect 4.1.1 in standalone mode against the Kafka listener ({@link KafkaCompat}): one worker
 * ({@code org.apache.kafka.connect.cli.ConnectStandalone}, a JVM of its own) runs the FileStream
 * source connector, which reads a file of a few thousand lines into a topic, and the FileStream sink
 * connector, which writes that topic to another file. The copy must be byte-identical, and the topic
 * must hold one record per line.
 *
 * <p>The worker runs from the Kafka jars of the cache {@code scripts/bench/compare-kafka.sh} fetches
 * from Maven Central (connect-runtime, connect-json, connect-file and their dependencies, in
 * {@code <cache>/lib}; the cache is {@code -Dkafka.cache}, else {@code $KAFKA_CACHE}, else
 * {@code /tmp/spate-bench-kafka-4.1.1}), not from the test classpath: Connect's Jetty, Jersey and
 * Jackson versions stay out of the tests' JVM.
 *
 * <p>What Connect needs of the broker here: Metadata, Produce (idempotent), the classic group
 * protocol for the sink's consumer, Fetch, OffsetCommit/OffsetFetch, ListOffsets.
 */
@Timeout(600)
class KafkaConnectIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VERSION = "4.1.1";
    private static final int LINES = 5000;

    @TempDir
    Path dir;

    @Test
    void fileStreamSourceAndSinkCopyAFileThroughATopicByteForByte() throws Exception {
        String classPath = workerClassPath();
        try (KafkaCompat.Target target = KafkaCompat.start(dir.resolve("node"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap()))) {
            // one partition: the sink writes records in the order it reads them, and only one
            // partition keeps the source's order
            String topic = "connect-file-" + UUID.randomUUID().toString().substring(0, 8);
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            Path input = dir.resolve("input.txt");
            Path output = dir.resolve("output.txt");
            byte[] expected = text(new Random(17)).getBytes(StandardCharsets.UTF_8);
            Files.write(input, expected);
            Path worker = write("worker.properties",
                    "bootstrap.servers=" + target.bootstrap(),
                    "key.converter=org.apache.kafka.connect.storage.StringConverter",
                    "value.converter=org.apache.kafka.connect.storage.StringConverter",
                    "offset.storage.file.filename=" + dir.resolve("connect.offsets"),
                    "offset.flush.interval.ms=500",
                    "listeners=http://127.0.0.1:0");
            Path source = write("file-source.properties",
                    "name=file-source",
                    "connector.class=org.apache.kafka.connect.file.FileStreamSourceConnector",
                    "tasks.max=1",
                    "file=" + input,
                    "topic=" + topic);
            Path sink = write("file-sink.properties",
                    "name=file-sink",
                    "connector.class=org.apache.kafka.connect.file.FileStreamSinkConnector",
                    "tasks.max=1",
                    "file=" + output,
                    "topics=" + topic);

            try (ChildJvm connect = ChildJvm.start("connect-standalone", classPath,
                    "org.apache.kafka.connect.cli.ConnectStandalone", worker.toString(), source.toString(), sink.toString())) {
                eventually(Duration.ofSeconds(180), "the sink's file is as long as the source's",
                        () -> size(output) >= expected.length || !connect.isAlive(),
                        () -> size(output) + " of " + expected.length + " bytes\n" + connect.tail());
                assertTrue(connect.isAlive(), "the Connect worker exited: " + connect.tail());
                assertTrue(connect.stop(), "the Connect worker did not stop on SIGTERM within 60 s: " + connect.tail());
            }
            byte[] copied = Files.readAllBytes(output);
            assertEquals(expected.length, copied.length, "the copy has another length");
            assertArrayEquals(expected, copied, "the copy differs from the original");
            long end = admin.listOffsets(Map.of(new TopicPartition(topic, 0), OffsetSpec.latest())).all()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS).get(new TopicPartition(topic, 0)).offset();
            assertEquals(LINES, end, "the topic does not hold one record per line");
        }
    }

    /**
     * {@value #LINES} lines of 0 to 200 characters, each ending in '\n' (the sink ends every record
     * with the line separator; '\r' would end a line for the source): ASCII, accented Latin, CJK,
     * characters outside the BMP, tabs, and some empty lines.
     */
    private static String text(Random random) {
        String[] alphabet = {"a", "b", "z", "0", "9", " ", "\t", "é", "ß", "Ω", "中", "文", "\uD83C\uDF0A", "{", "\"", "\\"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            int length = random.nextInt(10) == 0 ? 0 : random.nextInt(201);
            text.append(i).append(':');
            for (int c = 0; c < length; c++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
        return file;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The cache's jars, behind the tests' own SLF4J 2 API and its java.util.logging binding (the cache
     * has SLF4J's API but no binding, so the worker would log nothing): the worker logs to its stderr.
     */
    /** Connect from Kafka's jar cache (fetched by {@link io.spate.testing.KafkaTools#lib} when missing), SLF4J 2 first. */
    private static String workerClassPath() {
        Path lib = io.spate.testing.KafkaTools.lib();
        List<String> entries = new ArrayList<>();
        for (String entry : ChildJvm.testClassPath().split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("slf4j-api-") || name.startsWith("slf4j-jdk14-")) {
                entries.add(entry);
            }
        }
        entries.add(lib + File.separator + "*");
        return String.join(File.pathSeparator, entries);
    }
}
