package io.spate.testing;

import io.spate.broker.node.SpateNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Where the Kafka-compatibility tests point unmodified Kafka software: the Kafka listener of an
 * in-process Spate node, or, with {@code -Dkafka.compat.bootstrap=host:port}, any broker that speaks
 * Kafka's protocol (a real Apache Kafka, to check the tests themselves against the reference).
 */
public final class KafkaCompat {
    /** System property naming an external Kafka-protocol broker to test instead of Spate. */
    public static final String EXTERNAL = "kafka.compat.bootstrap";

    private KafkaCompat() {
    }

    /** A broker the tests can use; close it when done. */
    public record Target(String bootstrap, SpateNode node) implements AutoCloseable {
        /** Whether this is a Spate node (not an external broker). */
        public boolean isSpate() {
            return node != null;
        }

        @Override
        public void close() {
            TestNode.stop(node);
        }
    }

    /**
     * The external broker if {@value #EXTERNAL} is set, else a Spate node with data in {@code dataDir},
     * its Kafka listener on an ephemeral loopback port, and {@code overrides} ({@code key=value}).
     */
    public static Target start(Path dataDir, String... overrides) {
        String external = System.getProperty(EXTERNAL);
        if (external != null && !external.isBlank()) {
            return new Target(external, null);
        }
        String[] settings = Stream.concat(Stream.of("kafka.listener.host=127.0.0.1", "kafka.listener.port=0"),
                Arrays.stream(overrides)).toArray(String[]::new);
        SpateNode node = TestNode.start(dataDir, settings);
        if (node.kafkaPort() < 0) {
            TestNode.stop(node);
            throw new IllegalStateException("this Spate node runs no Kafka listener");
        }
        return new Target("127.0.0.1:" + node.kafkaPort(), node);
    }
}
