package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.spate.broker.core.TopicNames;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeTransactionsRequest;
import io.spate.protocol.DescribeTransactionsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.FindCoordinatorResponse;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction coordinator on a cluster: __transaction_state replicated on every node (rf 3,
 * min.insync 2), the coordinator is the leader of the id's partition and only it answers, and
 * after that node stops the new leader serves the id with the same producer id and epoch.
 */
@Timeout(120)
class TxnCoordinatorClusterTest {
    private static final String TXN = "cluster-txn";

    @TempDir
    Path root;

    @Test
    void theLeaderOfTheIdsPartitionCoordinatesAndAFollowerTakesOver() {
        try (TestCluster cluster = new TestCluster(root, 3, "transaction.state.log.num.partitions=2",
                "offsets.topic.num.partitions=2")) {
            cluster.startAll();
            SpateNode any = cluster.running().get(0);
            assertNull(any.clusterMetadata().orElseThrow().current().topic(TopicNames.TRANSACTION_STATE),
                    "__transaction_state is created on first use, not at start");
            // the first look-up for a transactional id's coordinator creates it (COORDINATOR_NOT_AVAILABLE until then)
            int coordinatorId = findCoordinator(any);
            io.spate.cluster.TopicState state = any.clusterMetadata().orElseThrow().current().topic(TopicNames.TRANSACTION_STATE);
            assertEquals(3, state.partitions().get(0).replicas().size());
            assertEquals("2", state.configs().get("min.insync.replicas"));
            assertEquals("compact", state.configs().get("cleanup.policy"));

            SpateNode coordinator = cluster.node(cluster.slotOf(coordinatorId));
            SpateNode other = cluster.running().stream().filter(n -> n.nodeId() != coordinatorId).findFirst().orElseThrow();
            assertEquals(ErrorCode.NOT_COORDINATOR, init(other).error());
            InitProducerIdResponse first = eventuallyInit(coordinator);
            createTopic(coordinator);

            cluster.stop(cluster.slotOf(coordinatorId));
            int[] next = new int[1];
            Eventually.eventually(Duration.ofSeconds(60), "another node coordinates the id", () -> {
                try {
                    next[0] = findCoordinator(other);
                    return next[0] != coordinatorId && describe(cluster.node(cluster.slotOf(next[0]))).error() == ErrorCode.NONE;
                } catch (RuntimeException | AssertionError e) {
                    return false;
                }
            });
            DescribeTransactionsResponse.TransactionState after = describe(cluster.node(cluster.slotOf(next[0])));
            assertEquals("Empty", after.state());
            assertEquals(first.producerId(), after.producerId());
            assertEquals(first.producerEpoch(), after.producerEpoch());
            assertNotEquals(coordinatorId, next[0]);
        }
    }

    private static int findCoordinator(SpateNode via) {
        int[] id = new int[1];
        Eventually.eventually(Duration.ofSeconds(30), "a coordinator", () -> {
            try (RawConnection c = new RawConnection(via.port())) {
                FindCoordinatorResponse r = FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                        new FindCoordinatorRequest(TXN, (byte) 1)).body());
                id[0] = r.nodeId();
                return r.error() == ErrorCode.NONE;
            }
        });
        return id[0];
    }

    private static InitProducerIdResponse eventuallyInit(SpateNode node) {
        InitProducerIdResponse[] r = new InitProducerIdResponse[1];
        Eventually.eventually(Duration.ofSeconds(30), "InitProducerId answered", () -> {
            r[0] = init(node);
            return r[0].error() == ErrorCode.NONE;
        });
        return r[0];
    }

    private static InitProducerIdResponse init(SpateNode node) {
        try (RawConnection c = new RawConnection(node.port())) {
            return InitProducerIdResponse.readFrom(c.call(ApiKey.INIT_PRODUCER_ID,
                    new InitProducerIdRequest(TXN, 60_000, -1, (short) -1)).body());
        }
    }

    private static void createTopic(SpateNode node) {
        try (RawConnection c = new RawConnection(node.port())) {
            io.spate.broker.wire.NativeProtocolTest.createTopic(c, "t", 1, java.util.Map.of());
        }
    }

    private static DescribeTransactionsResponse.TransactionState describe(SpateNode node) {
        try (RawConnection c = new RawConnection(node.port())) {
            return DescribeTransactionsResponse.readFrom(c.call(ApiKey.DESCRIBE_TRANSACTIONS,
                    new DescribeTransactionsRequest(List.of(TXN))).body()).states().get(0);
        }
    }
}
