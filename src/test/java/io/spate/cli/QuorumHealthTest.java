package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.client.ClusterDescription;
import io.spate.client.Node;
import io.spate.client.QuorumDescription;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quorum part of {@code cluster health}, without a broker: its line, its verdict and its JSON. */
class QuorumHealthTest {
    private static final ClusterReport NO_PARTITIONS = ClusterReport.of(new ClusterDescription("c", 1,
            List.of(new Node(1, "h", 1, null), new Node(2, "h", 2, null), new Node(3, "h", 3, null))), List.of());
    private static final List<Integer> VOTERS = List.of(1, 2, 3);

    @Test
    void aNodeThatHoldsTheLeaseAndKnowsTheLeaderIsHealthy() {
        QuorumHealth q = new QuorumHealth(new QuorumDescription(2, true, 1, 4, VOTERS, true, 120, 12, List.of(), List.of()), List.of(
                new QuorumHealth.NodeAnswer(1, new QuorumDescription(1, true, 1, 4, VOTERS, true, 80, 12, List.of(), List.of()), null),
                new QuorumHealth.NodeAnswer(3, null, "connection refused")));
        assertTrue(q.healthy());
        assertNull(q.problem());
        assertEquals("""
                Quorum: node 2 holds the lease, leader 1, epoch 4, voters 1,2,3, last contact 120 ms ago; nodes: 1 leader 1 \
                lease, 3 unreachable
                HEALTHY: 3 node(s), 0 partition(s), every one with a leader and a full ISR
                """, ClusterViews.healthText(NO_PARTITIONS, q));
        JsonNode doc = Json.parse(Json.pretty(ClusterViews.healthJson(NO_PARTITIONS, q)));
        assertTrue(doc.get("healthy").asBoolean());
        JsonNode quorum = doc.get("quorum");
        assertEquals(2, quorum.get("node").asInt());
        assertEquals(1, quorum.get("leader").asInt());
        assertEquals(4, quorum.get("leaderEpoch").asInt());
        assertEquals(3, quorum.get("voters").size());
        assertTrue(quorum.get("leaseHeld").asBoolean());
        assertEquals(120, quorum.get("lastContactAgeMs").asLong());
        assertTrue(quorum.get("problem").isNull());
        assertEquals("connection refused", quorum.get("nodes").get(1).get("error").asText());
        assertEquals(0, quorum.get("learners").size());
        assertEquals(12, quorum.get("metadataEpoch").asLong());
    }

    @Test
    void learnersAreShownWhenThereAreSome() {
        QuorumHealth q = new QuorumHealth(new QuorumDescription(4, true, 1, 4, VOTERS, true, 30, 12, List.of(4, 5),
                List.of()), List.of());
        assertTrue(ClusterViews.healthText(NO_PARTITIONS, q).startsWith("Quorum: node 4 holds the lease, leader 1, "
                + "epoch 4, voters 1,2,3, learners 4,5, last contact 30 ms ago"), ClusterViews.healthText(NO_PARTITIONS, q));
        JsonNode learners = Json.parse(Json.pretty(ClusterViews.healthJson(NO_PARTITIONS, q))).get("quorum").get("learners");
        assertEquals(List.of(4, 5), List.of(learners.get(0).asInt(), learners.get(1).asInt()));
    }

    @Test
    void aNodeWithoutTheLeaseIsNotPartOfAQuorum() {
        QuorumHealth q = new QuorumHealth(new QuorumDescription(2, true, -1, 5, VOTERS, false, 8123, 12, List.of(), List.of()), List.of());
        assertFalse(q.healthy());
        String text = ClusterViews.healthText(NO_PARTITIONS, q);
        assertTrue(text.endsWith("NOT HEALTHY: node 2 is not part of a metadata quorum: it has not heard a majority of "
                + "voters 1,2,3 for 8123 ms (leader none, epoch 5)\n"), text);
        JsonNode doc = Json.parse(Json.pretty(ClusterViews.healthJson(NO_PARTITIONS, q)));
        assertFalse(doc.get("healthy").asBoolean(), "healthy needs the quorum too, the partitions being fine");
        assertFalse(doc.get("quorum").get("healthy").asBoolean());
        assertTrue(doc.get("quorum").get("problem").asText().contains("not part of a metadata quorum"));
    }

    @Test
    void aNodeWithTheLeaseButNoLeaderIsNotHealthy() {
        QuorumHealth q = new QuorumHealth(new QuorumDescription(2, true, -1, 5, VOTERS, true, 10, 12, List.of(), List.of()), List.of());
        assertFalse(q.healthy());
        assertTrue(q.problem().contains("knows no leader"), q.problem());
    }

    @Test
    void withoutTheQuorumNothingChanges() {
        QuorumHealth off = new QuorumHealth(QuorumDescription.disabledAt(1), List.of());
        assertTrue(off.healthy());
        assertEquals(ClusterViews.healthText(NO_PARTITIONS), ClusterViews.healthText(NO_PARTITIONS, off));
        assertEquals(ClusterViews.healthJson(NO_PARTITIONS), ClusterViews.healthJson(NO_PARTITIONS, off));
    }
}
