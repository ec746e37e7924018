package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A single (non-clustered) node: one node in describe, its topics OK, and health passes. */
class ClusterSingleNodeCliTest extends CliNodeTest {
    @Test
    void aSingleNodeIsDescribedAndHealthy() {
        CliRun created = spate("topic", "create", "solo", "--partitions", "2");
        assertEquals(ExitCodes.OK, created.exitCode(), created::toString);

        CliRun describe = spate("cluster", "describe", "--json");
        assertEquals(ExitCodes.OK, describe.exitCode(), describe::toString);
        JsonNode doc = Json.parse(describe.out());
        assertEquals(1, doc.get("nodes").size(), describe::toString);
        assertEquals(node.port(), doc.get("nodes").get(0).get("port").asInt());
        int solo = 0;
        for (JsonNode p : doc.get("partitions")) {
            assertEquals("OK", p.get("state").asText(), describe::toString);
            solo += p.get("topic").asText().equals("solo") ? 1 : 0;
        }
        assertEquals(2, solo, describe::toString);

        CliRun health = spate("cluster", "health");
        assertEquals(ExitCodes.OK, health.exitCode(), health::toString);
        assertTrue(health.out().startsWith(ClusterViews.HEALTHY + ": 1 node(s)"), health::toString);
    }

    @Test
    void clusterAlonePrintsItsHelp() {
        CliRun run = spate("cluster");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Usage: spate cluster"), run::toString);
    }
}
