package io.spate.broker.topic;

import static io.spate.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.FlushPolicy;
import io.spate.broker.core.PartitionRead;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDefaults;
import io.spate.broker.core.TopicManager;
import io.spate.broker.core.TopicOutcome;
import io.spate.common.Time;
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
 * DeleteTopics on a full disk, where the catalogue cannot be written: the delete fails with
 * KAFKA_STORAGE_ERROR and the topic stays, whole (served now, and there after a restart); once there
 * is space the delete completes, also across a restart.
 */
@Timeout(30)
class DeleteTopicsDiskFullTest {
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
        topics = await(TopicManager.open(vertx, fs.dir(), LogConfig.defaults(), FlushPolicy.ACKS_ALL, Time.SYSTEM, Integer.MAX_VALUE));
        return new LocalTopicAdmin(topics, new TopicDefaults(1, 1, LogConfig.defaults()), 1);
    }

    private void restart() {
        await(topics.close());
        topics = null;
    }

    @Test
    void aDeleteThatCannotWriteTheCatalogueChangesNothing() throws Exception {
        fs = SmallFileSystem.mount(tmp, 4);
        LocalTopicAdmin admin = open();
        assertEquals(ErrorCode.NONE, await(admin.createTopics(List.of(new TopicCreation("orders", 2, (short) 1, Map.of())),
                false)).get(0).error());
        assertEquals(ErrorCode.NONE, await(topics.topic("orders").partition(0)
                .append(TestBatches.batch("v0-", 100), (short) -1)).error());
        fs.fill();

        TopicOutcome refused = await(admin.deleteTopics(List.of("orders"))).get(0);
        assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, refused.error());
        assertTrue(refused.errorMessage().contains("No space left on device"), refused.errorMessage());
        assertNotNull(topics.topic("orders"), "the topic stays");
        PartitionRead read = await(topics.topic("orders").partition(0).read(0, 1 << 20, true, false));
        assertEquals(ErrorCode.NONE, read.error(), read.errorMessage());
        assertEquals(1, TestBatches.records(read.records().toByteBuffer()).size(), "and serves its records");
        restart();
        admin = open();
        assertNotNull(topics.topic("orders"), "still there after a restart");
        assertEquals(2, topics.topic("orders").partitions().size());

        fs.free();
        assertEquals(ErrorCode.NONE, await(admin.deleteTopics(List.of("orders"))).get(0).error());
        assertNull(topics.topic("orders"));
        restart();
        open();
        assertNull(topics.topic("orders"), "gone for good");
        assertFalse(Files.exists(fs.dir().resolve("orders-0")));
    }
}
