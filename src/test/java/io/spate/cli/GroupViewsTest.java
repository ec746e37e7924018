package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.client.ConsumerGroupState;
import io.spate.client.GroupDescription;
import io.spate.client.GroupListing;
import io.spate.protocol.TopicPartition;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupViewsTest {
    /** A group that only holds offsets committed from outside the protocol: no protocol type, no protocol. */
    private static final GroupDescription OFFSETS_ONLY =
            new GroupDescription("offsets-only", ConsumerGroupState.EMPTY, "", "", List.of());

    @Test
    void anEmptyProtocolIsNullInJsonAndADashInText() {
        List<PartitionLag> lag = List.of(new PartitionLag(new TopicPartition("t", 0), 3L, 5L, null));
        JsonNode doc = Json.parse(Json.compact(GroupViews.describeJson(OFFSETS_ONLY, lag)));
        assertTrue(doc.get("protocolType").isNull(), doc.toString());
        assertTrue(doc.get("protocol").isNull(), doc.toString());
        assertTrue(GroupViews.describeText(OFFSETS_ONLY, lag).contains("Protocol:  - / -\n"));
        JsonNode listed = Json.parse(Json.compact(GroupViews.listJson(
                List.of(new GroupListing("offsets-only", "", ConsumerGroupState.EMPTY)))));
        assertTrue(listed.get("groups").get(0).get("protocolType").isNull(), listed.toString());
        assertEquals("Empty", listed.get("groups").get(0).get("state").asText());
    }
}
