package io.spate.broker.topic;

import static io.spate.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.FlushPolicy;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDefaults;
import io.spate.broker.core.TopicManager;
import io.spate.common.Time;
import io.spate.common.TopicId;
import io.spate.log.LogConfig;
import io.spate.protocol.ErrorCode;
import io.spate.testing.SmallFileSystem;
import io.spate.testing.TestBatches;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node's catalogue from before topic ids, on a full disk: the ids cannot be saved at start,
 * so the topics stay without one (unknown) and keep serving, rather than get ids that the next
 * start would replace; once there is space, the next start gives them ids and keeps them.
 */
@Timeout(30)
class TopicIdCatalogueTest {
    @TempDir
    Path tmp;
    private final Vertx vertx = Vertx.vertx();
    private SmallFileSystem fs;
    private TopicManager topics;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (topics != null) {
                await(topics.close());
            }
            await(vertx.close());
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    private LocalTopicAdmin open() {
        topics = await(TopicManager.open(vertx, fs.dir(), LogConfig.defaults(), FlushPolicy.ACKS_ALL, Time.SYSTEM,
                Integer.MAX_VALUE));
        return new LocalTopicAdmin(topics, new TopicDefaults(1, 1, LogConfig.defaults()), 1);
    }

    private void stop() {
        await(topics.close());
        topics = null;
    }

    @Test
    void idsThatCannotBeSavedAtStartAreNotGivenUntilTheyCanBe() throws Exception {
        fs = SmallFileSystem.mount(tmp, 4);
        LocalTopicAdmin admin = open();
        assertEquals(ErrorCode.NONE, await(admin.createTopics(List.of(new TopicCreation("orders", 1, (short) 1, Map.of())),
                false)).get(0).error());
        assertNotNull(topics.topic("orders").metadata().topicId());
        assertEquals(ErrorCode.NONE, await(topics.topic("orders").partition(0)
                .append(TestBatches.batch("v0-", 10), (short) -1)).error());
        stop();
        Path catalogue = fs.dir().resolve("meta").resolve("topics.json");
        Files.writeString(catalogue, Files.readString(catalogue).replaceAll("\"topicId\"\\s*:\\s*\"[^\"]*\",", ""));
        assertFalse(Files.readString(catalogue).contains("topicId"));
        fs.fill();

        open();
        assertNull(topics.topic("orders").metadata().topicId(), "not saved, so not given");
        assertNull(new LocalTopicDirectory(topics, 1, "127.0.0.1", () -> 0).topicId("orders"));
        io.spate.broker.core.PartitionRead read = await(topics.topic("orders").partition(0).read(0, 1 << 20, true, false));
        assertEquals(ErrorCode.NONE, read.error(), "the topic is served all the same: " + read.errorMessage());
        assertEquals(1, TestBatches.records(read.records().toByteBuffer()).size());
        stop();

        fs.free();
        open();
        TopicId id = topics.topic("orders").metadata().topicId();
        assertNotNull(id, "given at the first start that can save it");
        assertTrue(Files.readString(catalogue).contains(id.toString()));
        stop();
        open();
        assertEquals(id, topics.topic("orders").metadata().topicId());
    }
}
