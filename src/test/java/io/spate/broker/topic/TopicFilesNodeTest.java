package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.broker.wire.NativeProtocolTest;
import io.spate.protocol.ApiKey;
import io.spate.protocol.CreatePartitionsRequest;
import io.spate.protocol.CreatePartitionsResponse;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.CreateTopicsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.TopicResult;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 items 3 and 8 on a single node: the node-wide partition limit is checked before any
 * file is made; a create or add-partitions that fails midway leaves nothing behind, in memory, in
 * the catalogue or on disk; and a directory the catalogue does not name is never opened.
 */
@Timeout(60)
class TopicFilesNodeTest {
    private static final String SMALL_OFFSETS = "offsets.topic.num.partitions=1";
    private static final String SMALL_TXN = "transaction.state.log.num.partitions=1";

    @TempDir
    Path dataDir;

    @Test
    void partitionsBeyondTheNodeLimitAreRefusedBeforeAnyFileIsMade() throws IOException {
        SpateNode node = TestNode.start(dataDir, SMALL_OFFSETS, SMALL_TXN, "max.broker.partitions=20");
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "a", 10, Map.of()); // 1 (__consumer_offsets) + 10 held
            TopicResult refused = create(c, "b", 10, false);
            assertEquals(ErrorCode.POLICY_VIOLATION, refused.error());
            assertTrue(refused.errorMessage().contains("max.broker.partitions=20"), refused.errorMessage());
            assertEquals(ErrorCode.POLICY_VIOLATION, create(c, "b", 10, true).error(), "validate-only checks it too");
            assertEquals(List.of(), dirsOf("b"));
            assertFalse(catalogue().contains("\"b\""));

            TopicResult grow = grow(c, "a", 20);
            assertEquals(ErrorCode.POLICY_VIOLATION, grow.error());
            assertEquals(10, dirsOf("a").size());
            // what fits still goes
            assertEquals(ErrorCode.NONE, create(c, "b", 9, false).error());
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void aCreateThatFailsMidwayRemovesWhatItMade() throws IOException {
        SpateNode node = TestNode.start(dataDir, SMALL_OFFSETS, SMALL_TXN);
        try (RawConnection c = new RawConnection(node.port())) {
            Files.writeString(dataDir.resolve("t-5"), "in the way"); // partition 5's directory cannot be made
            TopicResult failed = create(c, "t", 10, false);
            assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, failed.error());
            assertTrue(failed.errorMessage().contains("t-5"), failed.errorMessage());
            assertEquals(List.of("t-5"), dirsOf("t"), "only the obstacle is left: t-0..t-4 were removed");
            assertTrue(Files.isRegularFile(dataDir.resolve("t-5")));
            assertFalse(catalogue().contains("\"t\""));
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, metadata(c, "t").error());

            Files.delete(dataDir.resolve("t-5"));
            assertEquals(ErrorCode.NONE, create(c, "t", 10, false).error());
            assertEquals(10, dirsOf("t").size());
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void addPartitionsThatFailsMidwayKeepsTheTopicAsItWas() throws IOException {
        SpateNode node = TestNode.start(dataDir, SMALL_OFFSETS, SMALL_TXN);
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "u", 2, Map.of());
            Files.writeString(dataDir.resolve("u-4"), "in the way");
            TopicResult failed = grow(c, "u", 6);
            assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, failed.error());
            assertEquals(List.of("u-0", "u-1", "u-4"), dirsOf("u"));
            assertEquals(2, metadata(c, "u").partitions().size());
            assertTrue(java.util.regex.Pattern.compile("\"name\":\"u\",\"topicId\":\"[A-Za-z0-9_-]{22}\",\"partitions\":2")
                    .matcher(catalogue().replaceAll("\\s", "")).find(), catalogue());
            assertEquals(0, NativeProtocolTest.produce(c, "u", 1, (short) -1, TestBatches.of("still served")).baseOffset());
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void aDirectoryNoTopicNamesIsQuarantinedNotOpened() throws IOException {
        SpateNode node = TestNode.start(dataDir, SMALL_OFFSETS, SMALL_TXN);
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "real", 1, Map.of());
            NativeProtocolTest.produce(c, "real", 0, (short) -1, TestBatches.of("kept"));
        } finally {
            TestNode.stop(node);
        }
        // a stray topic, and a partition past the real topic's count
        Files.createDirectories(dataDir.resolve("ghost-0"));
        Files.write(dataDir.resolve("ghost-0").resolve("00000000000000000000.log"), new byte[100]);
        Files.createDirectories(dataDir.resolve("real-3"));
        node = TestNode.start(dataDir, SMALL_OFFSETS, SMALL_TXN);
        try (RawConnection c = new RawConnection(node.port())) {
            assertFalse(Files.exists(dataDir.resolve("ghost-0")));
            assertFalse(Files.exists(dataDir.resolve("real-3")));
            try (Stream<Path> q = Files.list(dataDir.resolve("quarantine"))) {
                List<String> aside = q.map(p -> p.getFileName().toString()).sorted().toList();
                assertEquals(2, aside.size(), aside.toString());
                assertTrue(aside.get(0).startsWith("ghost-0.") && aside.get(1).startsWith("real-3."), aside.toString());
            }
            assertTrue(Files.exists(dataDir.resolve("quarantine").resolve(
                    Files.list(dataDir.resolve("quarantine")).filter(p -> p.getFileName().toString().startsWith("ghost-0."))
                            .findFirst().orElseThrow().getFileName()).resolve("00000000000000000000.log")),
                    "quarantined files are kept for an operator");
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, metadata(c, "ghost").error());
            assertEquals(List.of("kept"), NativeProtocolTest.values(NativeProtocolTest.fetch(c, "real", 0, 0, 0)));
        } finally {
            TestNode.stop(node);
        }
        // the quarantine directory itself is left alone at the next start
        node = TestNode.start(dataDir, SMALL_OFFSETS, SMALL_TXN);
        TestNode.stop(node);
        try (Stream<Path> q = Files.list(dataDir.resolve("quarantine"))) {
            assertEquals(2, q.count());
        }
    }

    private static TopicResult create(RawConnection c, String name, int partitions, boolean validateOnly) {
        RawConnection.Response r = c.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(
                List.of(new CreateTopicsRequest.Topic(name, partitions, (short) 1, List.of())), 30_000, validateOnly));
        return CreateTopicsResponse.readFrom(r.body()).topics().get(0);
    }

    private static TopicResult grow(RawConnection c, String name, int count) {
        RawConnection.Response r = c.call(ApiKey.CREATE_PARTITIONS, new CreatePartitionsRequest(
                List.of(new CreatePartitionsRequest.Topic(name, count)), 30_000, false));
        return CreatePartitionsResponse.readFrom(r.body()).topics().get(0);
    }

    private static MetadataResponse.TopicMetadata metadata(RawConnection c, String name) {
        return MetadataResponse.readFrom(c.call(ApiKey.METADATA, new MetadataRequest(List.of(name), false)).body())
                .topics().get(0);
    }

    private List<String> dirsOf(String topic) throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches(topic + "-\\d+")).sorted().toList();
        }
    }

    private String catalogue() throws IOException {
        return Files.readString(dataDir.resolve("meta").resolve("topics.json"));
    }
}
