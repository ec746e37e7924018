package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.NewTopic;
import io.spate.client.SpateAdmin;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.FindCoordinatorResponse;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.testing.Eventually;
import io.spate.testing.QuorumTimings;
import io.spate.testing.RawConnection;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a node fenced from the metadata quorum (it lost its lease) does not name itself, nor
 * anyone, leader in its Metadata answers: every partition LEADER_NOT_AVAILABLE with leader -1 and
 * controller -1 (clients refresh and go elsewhere), FindCoordinator COORDINATOR_NOT_AVAILABLE; once
 * the quorum is back it names the leaders the quorum's image gives again.
 */
@Timeout(60)
class QuorumFencedMetadataTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The 1.5 s lease plus its 150 ms check period, plus room for a loaded 2-core machine. */
    private static final Duration FENCE_BOUND = Duration.ofSeconds(6);
    private static final String TOPIC = "fenced-metadata";
    private static final int PARTITIONS = 3;

    @TempDir
    Path root;

    @Test
    void aFencedNodeNamesNoLeaderAndNamesTheRealLeadersOnceTheQuorumIsBack() {
        TestCluster cluster = new TestCluster(root, 3, QuorumTimings.fast(
                "group.initial.rebalance.delay.ms=0")).startAll();
        try {
            createTopic(cluster.node(0));
            SpateNode survivor = cluster.node(0);
            Eventually.eventually(WAIT, "every partition led, one of them by node " + survivor.nodeId(), () -> {
                MetadataResponse m = metadata(survivor);
                return m.topics().get(0).partitions().stream().allMatch(p -> p.leaderId() >= 0)
                        && m.topics().get(0).partitions().stream().anyMatch(p -> p.leaderId() == survivor.nodeId());
            });

            cluster.stop(1);
            long cutNanos = System.nanoTime();
            cluster.stop(2);
            Eventually.eventually(FENCE_BOUND, "node " + survivor.nodeId() + " names no leader once fenced", () -> {
                MetadataResponse m = metadata(survivor);
                return m.controllerId() == -1 && m.topics().get(0).partitions().stream()
                        .allMatch(p -> p.leaderId() == -1 && p.error() == ErrorCode.LEADER_NOT_AVAILABLE);
            });
            System.out.println("fenced metadata: no leader named " + (System.nanoTime() - cutNanos) / 1_000_000
                    + " ms after the majority was lost");
            MetadataResponse fenced = metadata(survivor);
            fenced.topics().get(0).partitions().forEach(p -> assertEquals(3, p.replicas().size(),
                    "the replicas are still told: " + p));
            assertTrue(fenced.brokers().stream().anyMatch(b -> b.nodeId() == survivor.nodeId()),
                    "the node list stays, for clients to find other nodes: " + fenced.brokers());
            assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, findCoordinator(survivor).error());

            cluster.startAll();
            Eventually.eventually(WAIT, "node " + survivor.nodeId() + " names the quorum's leaders again", () -> {
                MetadataResponse m = metadata(survivor);
                var image = cluster.node(1).clusterMetadata().orElseThrow().current().topic(TOPIC);
                if (m.controllerId() < 0 || image == null) {
                    return false;
                }
                for (MetadataResponse.PartitionMetadata p : m.topics().get(0).partitions()) {
                    int leader = image.partitions().get(p.partition()).leader();
                    if (p.error() != ErrorCode.NONE || leader < 0 || p.leaderId() != leader) {
                        return false;
                    }
                }
                return true;
            });
        } finally {
            cluster.close();
        }
    }

    private static MetadataResponse metadata(SpateNode node) {
        try (RawConnection c = new RawConnection(node.port())) {
            return MetadataResponse.readFrom(c.call(ApiKey.METADATA, new MetadataRequest(List.of(TOPIC), false)).body());
        }
    }

    private static FindCoordinatorResponse findCoordinator(SpateNode node) {
        try (RawConnection c = new RawConnection(node.port())) {
            return FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                    FindCoordinatorRequest.forGroup("g")).body());
        }
    }

    private static void createTopic(SpateNode node) {
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            Blocking.await(admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3, Map.of()))), WAIT);
        } finally {
            Blocking.await(admin.close(), WAIT);
        }
    }
}
