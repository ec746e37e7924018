package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.common.TopicId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Topic ids in the metadata image: kept by every change, in its JSON form, and given once to topics without one. */
class TopicIdsTest {
    private static final TopicId KEPT = TopicId.parse("qP7Yf1nQTtyvYz5d0c6Wlg");

    private static TopicState topic(String name, TopicId id) {
        return new TopicState(name, id, Map.of(), List.of(PartitionState.initial(List.of(1, 2))));
    }

    @Test
    void assignMissingGivesDistinctIdsOnlyToTopicsWithoutOneInOneChange() {
        MetadataImage old = new MetadataImage(7, Map.of("a", topic("a", null), "b", topic("b", KEPT),
                "c", topic("c", null)));
        assertTrue(TopicIds.anyMissing(old));
        MetadataImage next = TopicIds.assignMissing(old, Set.of(1));
        assertEquals(8, next.epoch(), "one change");
        assertEquals(KEPT, next.topic("b").topicId(), "an id is never replaced");
        assertNotNull(next.topic("a").topicId());
        assertNotNull(next.topic("c").topicId());
        assertEquals(3, new HashSet<>(List.of(next.topic("a").topicId(), next.topic("b").topicId(),
                next.topic("c").topicId())).size());
        assertTrue(next.topic("a").topicId().isAssignable());
        assertEquals(old.topic("a").partitions(), next.topic("a").partitions());
        assertSame(next, TopicIds.assignMissing(next, Set.of(1)), "nothing missing: no change");
    }

    @Test
    void everyChangeOfATopicKeepsItsId() {
        MetadataImage img = MetadataImage.EMPTY.withTopic(topic("t", KEPT));
        MetadataImage moved = img.mapPartitions((t, p) -> p.withLeader(2, List.of(2)));
        assertEquals(KEPT, moved.topic("t").topicId());
        assertEquals(2, moved.topic("t").partitions().get(0).leader());
        assertEquals(KEPT, img.topic("t").withConfigs(Map.of("retention.ms", "1")).topicId());
        assertEquals(KEPT, img.topic("t").withPartitions(List.of()).topicId());
    }

    @Test
    void freshAvoidsIdsInTheImageAndTheRequest() {
        MetadataImage img = MetadataImage.EMPTY.withTopic(topic("t", KEPT));
        Set<TopicId> given = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            TopicId id = TopicIds.fresh(img, given);
            assertTrue(id.isAssignable());
            assertTrue(given.add(id));
        }
    }

    @Test
    void theJsonFormHoldsTheIdAsKafkasTextAndReadsImagesWithoutIds() {
        MetadataImage img = MetadataImage.EMPTY.withTopic(topic("t", KEPT)).withTopic(topic("old", null));
        String json = img.toJson();
        assertTrue(json.contains("\"topicId\":\"qP7Yf1nQTtyvYz5d0c6Wlg\""), json);
        assertEquals(img, MetadataImage.fromJson(json));

        // an image written before topic ids: no topicId key
        String before = "{\"epoch\":3,\"topics\":{\"x\":{\"name\":\"x\",\"configs\":{},\"partitions\":[{\"replicas\":[1],"
                + "\"leader\":1,\"leaderEpoch\":0,\"isr\":[1]}]}}}";
        MetadataImage read = MetadataImage.fromJson(before);
        assertNull(read.topic("x").topicId());
        assertEquals(List.of(1), read.topic("x").partitions().get(0).replicas());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> MetadataImage.fromJson(
                before.replace("\"name\":\"x\",", "\"name\":\"x\",\"topicId\":\"not-an-id\",")));
        assertTrue(bad.getMessage().contains("not-an-id"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetadataImage.fromJson(
                before.replace("\"name\":\"x\",", "\"name\":\"x\",\"topicId\":42,")));
    }
}
