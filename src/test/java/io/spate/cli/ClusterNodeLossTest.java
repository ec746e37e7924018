package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.broker.node.SpateNode;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that leaves the cluster leaves every ISR at once (issue 13): not only the partitions it led
 * (a new leader is elected) but also the idle ones it only followed, where no write makes the
 * leader's lag check notice it. {@code replica.lag.time.max.ms} is a minute here, so that check
 * cannot be what shrinks an ISR within the test's bounds.
 */
@Timeout(180)
class ClusterNodeLossTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Well below replica.lag.time.max.ms. */
    private static final int PRODUCE_TIMEOUT_MS = 15_000;
    private static final String TOPIC = "idle";
    @TempDir
    Path root;

    @Test
    void aStoppedFollowerLeavesEveryIsrAtOnceAndHealthCountsEveryPartitionItHeld() {
        try (TestCluster cluster = new TestCluster(root, 3, "replica.lag.time.max.ms=60000").startAll()) {
            Map<String, String> all = env(cluster.running());
            CliRun created = CliRun.withEnv(all, "topic", "create", TOPIC, "--partitions", "3", "--replication-factor", "3",
                    "--config", "min.insync.replicas=2");
            assertEquals(ExitCodes.OK, created.exitCode(), created::toString);
            AtomicReference<CliRun> health = new AtomicReference<>();
            Eventually.eventually(WAIT, "cluster health exits 0", () -> {
                health.set(CliRun.withEnv(all, "cluster", "health"));
                return health.get().exitCode() == ExitCodes.OK;
            }, () -> health.get().toString());

            // a follower of idle-0 (not the controller, so that no controller change is involved)
            MetadataImage before = image(cluster.node(0));
            PartitionState idle0 = before.topic(TOPIC).partitions().get(0);
            int controller = ((io.spate.cluster.raft.MetadataQuorum) cluster.node(0).clusterMetadata().orElseThrow())
                    .raft().leader().orElseThrow().nodeId(); // the Raft leader
            int victim = idle0.replicas().stream().filter(r -> r != idle0.leader() && r != controller).findFirst().orElseThrow();
            SpateNode leader = cluster.running().stream().filter(n -> n.nodeId() == idle0.leader()).findFirst().orElseThrow();
            // the leader may not have opened the partition yet (it applies the image a moment after node 0)
            AtomicReference<ErrorCode> first = new AtomicReference<>();
            Eventually.eventually(WAIT, "an acks=all write with all three replicas in sync", () -> {
                first.set(produce(leader, PRODUCE_TIMEOUT_MS));
                return first.get() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            }, () -> String.valueOf(first.get()));
            assertEquals(ErrorCode.NONE, first.get(), "all three replicas in sync");
            long heldByVictim = before.topics().values().stream()
                    .flatMap(t -> t.partitions().stream()).filter(p -> p.replicas().contains(victim)).count();

            cluster.stop(cluster.slotOf(victim));
            List<SpateNode> left = cluster.running();
            Eventually.eventually(WAIT, "no ISR names node " + victim + " on any node", () -> left.stream()
                    .allMatch(n -> isrsNaming(image(n), victim).isEmpty()), () -> isrsNaming(image(left.get(0)), victim));

            Map<String, String> survivors = env(left);
            Eventually.eventually(WAIT, "cluster health counts every partition of node " + victim + " under-replicated",
                    () -> {
                        health.set(CliRun.withEnv(survivors, "cluster", "health", "--json"));
                        return health.get().exitCode() == ExitCodes.UNHEALTHY
                                && Json.parse(health.get().out()).get("nodes").asInt() == 2;
                    }, () -> health.get().toString());
            JsonNode doc = Json.parse(health.get().out());
            assertEquals(heldByVictim, doc.get("underReplicated").asLong(), health.get()::toString);
            assertEquals(0, doc.get("offline").asLong(), health.get()::toString);
            assertTrue(heldByVictim >= 3, "every partition of " + TOPIC + " and of the offsets topic: " + heldByVictim);

            PartitionState after = image(leader).topic(TOPIC).partitions().get(0);
            assertEquals(idle0.leader(), after.leader(), "the follower's loss moved no leadership");
            assertEquals(ErrorCode.NONE, produce(leader, PRODUCE_TIMEOUT_MS),
                    "acks=all with min.insync.replicas=2 goes on with the two live replicas");
            left.forEach(n -> assertEquals("", isrsNaming(image(n), victim), "node " + n.nodeId() + " still names " + victim));
        }
    }

    private static Map<String, String> env(List<SpateNode> nodes) {
        return Map.of(SpateCli.BOOTSTRAP_ENV, nodes.stream().map(SpateNode::address).collect(Collectors.joining(",")));
    }

    private static MetadataImage image(SpateNode n) {
        return n.clusterMetadata().orElseThrow().current();
    }

    /** {@code topic-partition=isr} of every partition whose ISR names {@code node}. */
    private static String isrsNaming(MetadataImage img, int node) {
        StringBuilder out = new StringBuilder();
        img.topics().forEach((name, t) -> {
            for (int p = 0; p < t.partitions().size(); p++) {
                if (t.partitions().get(p).isr().contains(node)) {
                    out.append(name).append('-').append(p).append('=').append(t.partitions().get(p).isr()).append(' ');
                }
            }
        });
        return out.toString();
    }

    /** One acks=all write to idle-0 on {@code leader}: its error code. */
    private static ErrorCode produce(SpateNode leader, int timeoutMs) {
        try (RawConnection c = new RawConnection(leader.port())) {
            ProduceResponse r = ProduceResponse.readFrom(c.call(ApiKey.PRODUCE, new ProduceRequest((short) -1, timeoutMs,
                    List.of(new ProduceRequest.TopicData(TOPIC, List.of(new ProduceRequest.PartitionData(0,
                            TestBatches.of("after the loss of a follower"))))))).body());
            return r.topics().get(0).partitions().get(0).error();
        }
    }
}
