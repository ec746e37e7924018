package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.NewTopic;
import io.spate.client.SpateAdmin;
import io.spate.cluster.PartitionState;
import io.spate.cluster.raft.MetadataQuorum;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.QuorumTimings;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a partition leader cut off from the metadata quorum
 * (here: the two other voters stopped) stops taking even {@code acks=1} writes within its lease
 * (NOT_LEADER_OR_FOLLOWER, so clients refresh their metadata), and takes them again, as the
 * metadata says, once the quorum is back.
 */
@Timeout(60)
class QuorumFencingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The lease (1.5 s here) plus a check period (0.15 s) plus room for a loaded 2-core machine. */
    private static final Duration FENCE_BOUND = Duration.ofSeconds(6);
    private static final String TOPIC = "fenced";

    @TempDir
    Path root;

    @Test
    void aNodeCutOffFromTheQuorumRefusesAcksOneWritesWithinItsLeaseAndUnfencesWhenItIsBack() {
        TestCluster cluster = new TestCluster(root, 3, QuorumTimings.fast("group.initial.rebalance.delay.ms=0")).startAll();
        try {
            createTopic(cluster.node(0));
            Eventually.eventually(WAIT, TOPIC + " led on every running node", () -> cluster.running().stream()
                    .allMatch(n -> n.topics().topic(TOPIC) != null && leader(n, 0) >= 0));
            // the survivor: the leader of partition 0
            int survivorId = leader(cluster.node(0), 0);
            int survivorSlot = cluster.slotOf(survivorId);
            SpateNode survivor = cluster.node(survivorSlot);
            Eventually.eventually(WAIT, "node " + survivorId + " takes acks=1 writes to partition 0",
                    () -> produce(survivor, 0, (short) 1) == ErrorCode.NONE);
            assertFalse(fence(survivor).getAsBoolean());

            // cut it off: the two other voters stop, the quorum is out of its reach
            int[] others = otherSlots(survivorSlot);
            cluster.stop(others[0]);
            long cutNanos = System.nanoTime();
            cluster.stop(others[1]);
            long cutDoneNanos = System.nanoTime();
            ErrorCode last = ErrorCode.NONE;
            int accepted = 0;
            while (last == ErrorCode.NONE && System.nanoTime() - cutNanos < FENCE_BOUND.toNanos()) {
                last = produce(survivor, 0, (short) 1);
                if (last == ErrorCode.NONE) {
                    accepted++;
                    Eventually.pause(50);
                }
            }
            long fencedAfterMs = (System.nanoTime() - cutNanos) / 1_000_000;
            System.out.println("fenced: first acks=1 refusal " + fencedAfterMs + " ms after the majority was lost ("
                    + (System.nanoTime() - cutDoneNanos) / 1_000_000 + " ms after the second stop returned; "
                    + accepted + " acks=1 writes taken meanwhile)");
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, last, "node " + survivorId + " cut off from the quorum is fenced"
                    + " within " + FENCE_BOUND.toMillis() + " ms");
            assertTrue(fence(survivor).getAsBoolean());
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, produce(survivor, 0, (short) -1), "acks=all too");
            assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, produce(survivor, 0, (short) 1), "and it stays fenced");

            // the quorum is back: the node unfences, and writes go where the metadata says
            long healNanos = System.nanoTime();
            cluster.startAll();
            Eventually.eventually(WAIT, "node " + survivorId + " unfences", () -> !fence(survivor).getAsBoolean());
            System.out.println("unfenced " + (System.nanoTime() - healNanos) / 1_000_000
                    + " ms after the restart of the two others began");
            Eventually.eventually(WAIT, "partition 0's leader, as the metadata says, takes acks=1 writes", () -> {
                int leaderId = leader(survivor, 0);
                return leaderId >= 0 && produce(cluster.node(cluster.slotOf(leaderId)), 0, (short) 1) == ErrorCode.NONE;
            });
            System.out.println("partition 0 is led by node " + leader(survivor, 0) + " after the heal (node "
                    + survivorId + " led it before the cut)");
        } finally {
            cluster.close();
        }
    }

    private static io.spate.cluster.raft.LeaseFence fence(SpateNode n) {
        return ((MetadataQuorum) n.clusterMetadata().orElseThrow()).fence();
    }

    private static int leader(SpateNode n, int partition) {
        var t = n.clusterMetadata().orElseThrow().current().topic(TOPIC);
        return t == null ? -1 : t.partitions().get(partition).leader() == PartitionState.NO_LEADER ? -1
                : t.partitions().get(partition).leader();
    }

    private static int[] otherSlots(int slot) {
        return java.util.stream.IntStream.range(0, 3).filter(s -> s != slot).toArray();
    }

    private static void createTopic(SpateNode node) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            Blocking.await(admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3, Map.of()))), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }

    private static ErrorCode produce(SpateNode node, int partition, short acks) {
        try (RawConnection c = new RawConnection(node.port())) {
            ProduceResponse r = ProduceResponse.readFrom(c.call(ApiKey.PRODUCE, new ProduceRequest(acks, 5_000,
                    List.of(new ProduceRequest.TopicData(TOPIC, List.of(new ProduceRequest.PartitionData(partition,
                            TestBatches.of("v"))))))).body());
            return r.topics().get(0).partitions().get(0).error();
        }
    }
}
