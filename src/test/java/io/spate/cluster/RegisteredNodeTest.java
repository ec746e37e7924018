package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A registration's Kafka endpoint (issue 17) in the image's JSON: kept across a round trip, absent
 * (null) in images and claims written by builds before it, and left out of the JSON of a node that
 * runs no Kafka listener, so that such a registration is written exactly as those builds wrote it.
 */
class RegisteredNodeTest {
    @Test
    void aKafkaEndpointSurvivesTheImagesJson() {
        RegisteredNode node = new RegisteredNode(2, "inc-2", "127.0.0.2", 7092, "r1", new Endpoint("kafka-2.example", 9092));
        MetadataImage image = MetadataImage.EMPTY.withNode(node);
        String json = image.toJson();
        assertTrue(json.contains("\"kafka\":{\"host\":\"kafka-2.example\",\"port\":9092}"), json);
        MetadataImage read = MetadataImage.fromJson(json);
        assertEquals(image, read);
        assertEquals(new Endpoint("kafka-2.example", 9092), read.nodes().get(2).kafka());
    }

    @Test
    void aRegistrationWithoutKafkaIsWrittenAsBeforeAndAnOlderOneReadsWithout() {
        String older = "{\"epoch\":5,\"topics\":{},\"nodes\":{\"1\":{\"nodeId\":1,\"incarnation\":\"i1\","
                + "\"host\":\"127.0.0.1\",\"port\":7092,\"rack\":null}},\"nextProducerId\":0,\"producerIdClaim\":null}";
        MetadataImage read = MetadataImage.fromJson(older);
        assertNull(read.nodes().get(1).kafka());
        assertEquals(new RegisteredNode(1, "i1", "127.0.0.1", 7092, null), read.nodes().get(1));
        assertEquals(older, read.toJson(), "no kafka key: what the builds before it wrote, byte for byte");
    }

    @Test
    void idClaimsCarryNoEndpointAndOlderClaimsRead() {
        NodeRecord claim = new NodeRecord(3, "member-3", "127.0.0.3", 0, null, "i3");
        assertFalse(claim.toJson().contains("kafka"), claim.toJson());
        assertEquals(claim, NodeRecord.fromJson(claim.toJson()));
        NodeRecord older = NodeRecord.fromJson("{\"nodeId\":3,\"memberUuid\":\"m\",\"host\":\"h\",\"port\":1,\"rack\":null}");
        assertNull(older.kafka());
        NodeRecord live = new NodeRecord(3, "member-3", "127.0.0.3", 7093, null, "i3", new Endpoint("127.0.0.3", 9093));
        assertEquals(live, NodeRecord.fromJson(live.toJson()));
    }

    @Test
    void anEndpointNeedsAHostAndAPort() {
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("h", 0));
        assertThrows(IllegalArgumentException.class, () -> new Endpoint("h", 65536));
        assertThrows(NullPointerException.class, () -> new Endpoint(null, 9092));
        assertThrows(IllegalArgumentException.class, () -> MetadataImage.fromJson("{\"epoch\":1,\"topics\":{},\"nodes\":"
                + "{\"1\":{\"nodeId\":1,\"incarnation\":\"i\",\"host\":\"h\",\"port\":1,\"kafka\":{\"host\":\"h\",\"port\":0}}}}"));
        assertEquals(Map.of(), MetadataImage.EMPTY.nodes());
    }
}
