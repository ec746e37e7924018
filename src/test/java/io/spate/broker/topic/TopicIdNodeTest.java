package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.broker.core.TopicDirectory;
import io.spate.broker.core.TopicNames;
import io.spate.broker.node.SpateNode;
import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.SpateAdmin;
import io.spate.common.TopicId;
import io.spate.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * KIP-516 on a single node: a topic's id is given at creation, kept in {@code meta/topics.json} across
 * restarts, new when the topic is deleted and created again, and given once, at start, to the topics
 * of a catalogue written before topic ids. Internal topics have ids too.
 */
@Timeout(120)
class TopicIdNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] SMALL = {"offsets.topic.num.partitions=1", "transaction.state.log.num.partitions=1"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void anIdIsGivenAtCreationKeptAcrossRestartsAndNewAfterDeleteAndCreate() throws IOException {
        SpateNode node = TestNode.start(dataDir, SMALL);
        TopicId first;
        TopicId offsets;
        try {
            create(node, "a");
            TopicDirectory dir = directory(node);
            first = dir.topicId("a");
            assertNotNull(first, "a new topic has an id");
            assertTrue(first.isAssignable(), first.toString());
            assertEquals("a", dir.topicNameById(first));
            assertEquals(first, dir.topic("a").topicId());
            offsets = dir.topicId(TopicNames.CONSUMER_OFFSETS);
            assertNotNull(offsets, "internal topics have ids too");
            assertEquals(TopicNames.CONSUMER_OFFSETS, dir.topicNameById(offsets));
            assertNotEquals(first, offsets);
            assertEquals(first.toString(), catalogueIds().get("a"), "the id is in the catalogue");
            assertNull(dir.topicId("missing"));
            assertNull(dir.topicNameById(TopicId.random()));
            assertNull(dir.topicNameById(null));
        } finally {
            TestNode.stop(node);
        }

        node = TestNode.start(dataDir, SMALL);
        try {
            TopicDirectory dir = directory(node);
            assertEquals(first, dir.topicId("a"), "the same id after a restart");
            assertEquals(offsets, dir.topicId(TopicNames.CONSUMER_OFFSETS));
            assertEquals("a", dir.topicNameById(first));

            delete(node, "a");
            assertNull(dir.topicId("a"));
            assertNull(dir.topicNameById(first), "a deleted topic's id names nothing");
            create(node, "a");
            TopicId second = dir.topicId("a");
            assertNotNull(second);
            assertNotEquals(first, second, "created again: a new topic, a new id");
            assertEquals("a", dir.topicNameById(second));
            assertNull(dir.topicNameById(first));
            assertEquals(second.toString(), catalogueIds().get("a"));
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void aCatalogueWrittenBeforeTopicIdsGetsThemOnceAtStart() throws IOException {
        SpateNode node = TestNode.start(dataDir, SMALL);
        try {
            create(node, "a");
            create(node, "b");
        } finally {
            TestNode.stop(node);
        }
        // the catalogue as an older Spate wrote it: no topicId anywhere
        Path file = dataDir.resolve("meta").resolve("topics.json");
        ObjectNode catalogue = (ObjectNode) JSON.readTree(file.toFile());
        catalogue.withArray("topics").forEach(t -> ((ObjectNode) t).remove("topicId"));
        JSON.writeValue(file.toFile(), catalogue);
        assertFalse(Files.readString(file).contains("topicId"));

        Map<String, String> given;
        node = TestNode.start(dataDir, SMALL);
        try {
            TopicDirectory dir = directory(node);
            given = catalogueIds();
            assertEquals(3, given.size(), "every topic has an id on disk before it is served: " + given);
            for (String name : given.keySet()) {
                TopicId id = dir.topicId(name);
                assertNotNull(id, name);
                assertEquals(given.get(name), id.toString());
                assertEquals(name, dir.topicNameById(id));
            }
            assertEquals(3, given.values().stream().distinct().count());
        } finally {
            TestNode.stop(node);
        }
        node = TestNode.start(dataDir, SMALL);
        try {
            assertEquals(given, catalogueIds(), "given once: the next start keeps them");
            assertEquals(given.get("b"), directory(node).topicId("b").toString());
        } finally {
            TestNode.stop(node);
        }
    }

    private static TopicDirectory directory(SpateNode node) {
        return new LocalTopicDirectory(node.topics(), node.nodeId(), "127.0.0.1", node::port);
    }

    /** Topic name → id text, as {@code meta/topics.json} holds them (topics without an id left out). */
    private Map<String, String> catalogueIds() throws IOException {
        Map<String, String> ids = new java.util.TreeMap<>();
        JSON.readTree(dataDir.resolve("meta").resolve("topics.json").toFile()).get("topics").forEach(t -> {
            if (t.hasNonNull("topicId")) {
                ids.put(t.get("name").asText(), t.get("topicId").asText());
            }
        });
        return ids;
    }

    private static void create(SpateNode node, String name) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            Blocking.await(admin.createTopic(name, 2, Map.of()), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    private static void delete(SpateNode node, String name) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            Blocking.await(admin.deleteTopic(name), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }
}
