package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.ConfigChange;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDefaults;
import io.spate.cluster.MetadataImage;
import io.spate.common.TopicId;
import io.spate.log.LogConfig;
import io.spate.protocol.ErrorCode;
import io.spate.testing.FixedMembership;
import io.spate.testing.InMemoryClusterMetadata;
import io.spate.testing.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A clustered create puts the new topic's id in the very image it commits (no controller needed,
 * so every node reads it from that image), every later change keeps it, a validate-only create
 * commits nothing, and the directory finds a topic by id in the newest image.
 */
class ClusterTopicIdTest {
    private final InMemoryClusterMetadata metadata = new InMemoryClusterMetadata();
    private final ClusterTopicAdmin admin = new ClusterTopicAdmin(metadata, new FixedMembership(3),
            new TopicDefaults(1, 1, LogConfig.defaults()), 3, 1000);
    private final ClusterTopicDirectory directory = new ClusterTopicDirectory(new FixedMembership(3), metadata, "c");

    @Test
    void theCreatingImageHoldsTheIdAndLaterChangesKeepIt() {
        assertEquals(ErrorCode.NONE, create("a", "b").get(0));
        MetadataImage created = metadata.current();
        TopicId a = created.topic("a").topicId();
        TopicId b = created.topic("b").topicId();
        assertNotNull(a);
        assertNotNull(b);
        assertNotEquals(a, b, "two topics of one request get different ids");
        assertTrue(a.isAssignable());
        assertEquals(a, directory.topicId("a"));
        assertEquals("a", directory.topicNameById(a));
        assertEquals("b", directory.topicNameById(b));

        assertEquals(ErrorCode.NONE, TestNode.await(admin.createPartitions(Map.of("a", 4), false)).get(0).error());
        assertEquals(ErrorCode.NONE, TestNode.await(admin.alterConfigs(Map.of("a", new ConfigChange(
                Map.of("retention.ms", "1000"), java.util.Set.of())), false)).get(0).error());
        assertEquals(4, metadata.current().topic("a").partitions().size());
        assertEquals(a, metadata.current().topic("a").topicId(), "kept by add-partitions and alter-configs");

        assertEquals(ErrorCode.NONE, TestNode.await(admin.deleteTopics(List.of("a"))).get(0).error());
        assertNull(directory.topicId("a"));
        assertNull(directory.topicNameById(a), "the index follows the newest image");
        assertEquals(ErrorCode.NONE, create("a").get(0));
        assertNotEquals(a, directory.topicId("a"), "created again: a new id");
        assertEquals("a", directory.topicNameById(directory.topicId("a")));
    }

    @Test
    void aValidateOnlyCreateCommitsNoId() {
        long epoch = metadata.current().epoch();
        assertEquals(ErrorCode.NONE, TestNode.await(admin.createTopics(List.of(new TopicCreation("v", 1, (short) 1,
                Map.of())), true)).get(0).error());
        assertEquals(epoch, metadata.current().epoch());
        assertNull(directory.topicId("v"));
    }

    private List<ErrorCode> create(String... names) {
        return TestNode.await(admin.createTopics(java.util.Arrays.stream(names)
                .map(n -> new TopicCreation(n, 2, (short) 3, Map.of())).toList(), false)).stream().map(o -> o.error()).toList();
    }
}
