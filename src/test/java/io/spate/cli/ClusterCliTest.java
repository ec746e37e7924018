package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spate cluster describe} and {@code spate cluster health} against a real 3-node cluster: the
 * nodes and an RF-3 topic's partitions as OK and a healthy exit, then, after one node stops, an
 * under-replicated verdict and a non-zero exit. The tests run in order: the last one stops a node.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCliTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String TOPIC = "orders";
    private static final int STOPPED_SLOT = 2;
    @TempDir
    static Path root;
    static TestCluster cluster;
    static Map<String, String> env;

    @BeforeAll
    static void start() {
        // a follower that stops leaves the ISR within seconds, so the last test need not wait 30 s
        cluster = new TestCluster(root, 3, "replica.lag.time.max.ms=3000").startAll();
        // the slots that stay up; the stopped one is not a bootstrap node
        env = Map.of(SpateCli.BOOTSTRAP_ENV, cluster.node(0).address() + "," + cluster.node(1).address());
        CliRun created = spate("topic", "create", TOPIC, "--partitions", "3", "--replication-factor", "3");
        assertEquals(ExitCodes.OK, created.exitCode(), created::toString);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static CliRun spate(String... args) {
        return CliRun.withEnv(env, args);
    }

    @Test
    @Order(1)
    void describeListsTheThreeNodesAndTheTopicsPartitionsAsOk() {
        AtomicReference<CliRun> last = new AtomicReference<>();
        Eventually.eventually(WAIT, "every partition of " + TOPIC + " led with a full ISR", () -> {
            last.set(spate("cluster", "describe", "--json"));
            return last.get().exitCode() == ExitCodes.OK && orders(Json.parse(last.get().out())).stream()
                    .allMatch(p -> p.get("state").asText().equals("OK"));
        });
        JsonNode doc = Json.parse(last.get().out());
        List<Integer> ids = new ArrayList<>();
        doc.get("nodes").forEach(n -> ids.add(n.get("id").asInt()));
        assertEquals(cluster.running().stream().map(n -> n.nodeId()).sorted().toList(), ids);
        assertTrue(ids.contains(doc.get("controller").asInt()), "the controller is one of the nodes: " + doc);
        List<JsonNode> orders = orders(doc);
        assertEquals(3, orders.size(), doc::toString);
        for (JsonNode p : orders) {
            assertEquals(3, p.get("replicas").size());
            assertEquals(3, p.get("isr").size());
            assertTrue(p.get("leader").asInt() >= 0);
            assertTrue(!p.get("internal").asBoolean());
        }

        CliRun text = spate("cluster", "describe");
        assertEquals(ExitCodes.OK, text.exitCode(), text::toString);
        assertTrue(text.out().contains("\nNODES\n") && text.out().contains("\nPARTITIONS\n"), text::toString);
        assertTrue(text.out().lines().filter(l -> l.startsWith(TOPIC + " ")).allMatch(l -> l.endsWith("  OK")),
                text::toString);
        assertTrue(text.out().contains("Summary: "), text::toString);
    }

    @Test
    @Order(2)
    void healthExitsZeroWhenEveryPartitionIsLedWithAFullIsr() {
        AtomicReference<CliRun> last = new AtomicReference<>();
        Eventually.eventually(WAIT, "cluster health exits 0", () -> {
            last.set(spate("cluster", "health"));
            return last.get().exitCode() == ExitCodes.OK;
        });
        List<String> lines = last.get().out().lines().toList();
        assertEquals(2, lines.size(), last.get()::toString);
        assertTrue(lines.get(0).startsWith("Quorum: "), last.get()::toString);
        assertTrue(lines.get(1).startsWith(ClusterViews.HEALTHY + ": 3 node(s)"), last.get()::toString);

        CliRun json = spate("cluster", "health", "--json");
        assertEquals(ExitCodes.OK, json.exitCode(), json::toString);
        assertTrue(Json.parse(json.out()).get("healthy").asBoolean(), json::toString);
    }

    @Test
    @Order(3)
    void afterANodeStopsHealthReportsUnderReplicatedPartitionsAndFails() {
        cluster.stop(STOPPED_SLOT);
        AtomicReference<CliRun> last = new AtomicReference<>();
        Eventually.eventually(WAIT, "cluster health reports " + TOPIC + " under-replicated", () -> {
            last.set(spate("cluster", "health"));
            // the ISR shrink and the node leaving the live list arrive in either order: wait for both
            return last.get().exitCode() == ExitCodes.UNHEALTHY
                    && last.get().out().contains("UNDER-REPLICATED " + TOPIC + "-")
                    && last.get().out().contains(ClusterViews.NOT_HEALTHY + ": 2 node(s)");
        });
        List<String> lines = last.get().out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith(ClusterViews.NOT_HEALTHY + ": 2 node(s)"), last.get()::toString);

        CliRun json = spate("cluster", "health", "--json");
        assertEquals(ExitCodes.UNHEALTHY, json.exitCode(), json::toString);
        JsonNode doc = Json.parse(json.out());
        assertTrue(!doc.get("healthy").asBoolean() && doc.get("problems").size() > 0, json::toString);
    }

    private static List<JsonNode> orders(JsonNode describe) {
        List<JsonNode> out = new ArrayList<>();
        describe.get("partitions").forEach(p -> {
            if (p.get("topic").asText().equals(TOPIC)) {
                out.add(p);
            }
        });
        return out;
    }
}
