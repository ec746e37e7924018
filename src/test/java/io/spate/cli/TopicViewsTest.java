package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.client.PartitionInfo;
import io.spate.client.TopicConfigEntry;
import io.spate.client.TopicDescription;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text tables and JSON documents of topic list and describe. */
class TopicViewsTest {
    private static final TopicDescription ORDERS = new TopicDescription("orders", false, List.of(
            new PartitionInfo(0, 1, 4, List.of(1, 2), List.of(1, 2), 0, 120, 118, 1536, 1),
            new PartitionInfo(1, -1, 2, List.of(2, 1), List.of(), PartitionInfo.UNKNOWN, PartitionInfo.UNKNOWN,
                    PartitionInfo.UNKNOWN, PartitionInfo.UNKNOWN, -1)),
            Map.of("retention.ms", new TopicConfigEntry("retention.ms", "1000", false),
                    "cleanup.policy", new TopicConfigEntry("cleanup.policy", "delete", true)));
    private static final TopicDescription A = new TopicDescription("a", false,
            List.of(new PartitionInfo(0, 1, 0, List.of(1), List.of(1), 0, 0, 0, 0, 1)), Map.of());

    @Test
    void listTableIsSortedByName() {
        assertEquals("""
                NAME    PARTITIONS  REPLICAS  INTERNAL
                a       1           1         false
                orders  2           2         false
                """, TopicViews.listTable(List.of(ORDERS, A)).render());
    }

    @Test
    void listJsonHasEveryTopic() {
        JsonNode doc = Json.parse(Json.pretty(TopicViews.listJson(List.of(ORDERS, A))));
        assertEquals("a", doc.get("topics").get(0).get("name").asText());
        assertEquals(2, doc.get("topics").get(1).get("partitions").asInt());
        assertEquals(2, doc.get("topics").get(1).get("replicationFactor").asInt());
    }

    @Test
    void describeTextHasSummaryConfigsAndPartitionsWithLogState() {
        assertEquals("""
                SUMMARY
                =======
                name        orders
                internal    false
                partitions  2
                replicas    2

                CONFIGS
                =======
                KEY             VALUE   SOURCE
                cleanup.policy  delete  default
                retention.ms    1000    override

                PARTITIONS
                ==========
                PARTITION  LEADER  EPOCH  REPLICAS  ISR  LOG-START-OFFSET  LOG-END-OFFSET  HIGH-WATERMARK  SIZE     SEGMENTS
                0          1       4      1,2       1,2  0                 120             118             1.5 KiB  1
                1          none    2      2,1            -                 -               -               -        -
                """, TopicViews.describeText(ORDERS));
    }

    @Test
    void describeJsonHasPartitionsWithNullsForUnknownLogStateAndConfigs() {
        JsonNode doc = Json.parse(Json.pretty(TopicViews.describeJson(ORDERS)));
        assertEquals("orders", doc.get("name").asText());
        JsonNode p0 = doc.get("partitions").get(0);
        assertEquals(1, p0.get("leader").asInt());
        assertEquals(118, p0.get("highWatermark").asLong());
        assertEquals(120, p0.get("logEndOffset").asLong());
        assertEquals(1536, p0.get("sizeBytes").asLong());
        assertEquals(2, p0.get("isr").size());
        JsonNode p1 = doc.get("partitions").get(1);
        assertEquals(-1, p1.get("leader").asInt());
        assertTrue(p1.get("logStartOffset").isNull());
        assertTrue(p1.get("sizeBytes").isNull());
        assertEquals("1000", doc.get("configs").get("retention.ms").get("value").asText());
        assertEquals(false, doc.get("configs").get("retention.ms").get("default").asBoolean());
    }

    @Test
    void bytesAreShownInBinaryUnits() {
        assertEquals("0 B", TopicViews.humanBytes(0));
        assertEquals("1023 B", TopicViews.humanBytes(1023));
        assertEquals("1.0 KiB", TopicViews.humanBytes(1024));
        assertEquals("1.0 GiB", TopicViews.humanBytes(1L << 30));
    }
}
