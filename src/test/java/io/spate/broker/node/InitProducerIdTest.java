package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestCluster;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: InitProducerId gives each idempotent producer an id no producer had before, at epoch 0:
 * on a single node from blocks kept in {@code meta/producer-ids.json}, on a cluster from blocks
 * committed through the metadata quorum, across nodes and restarts alike.
 */
@Timeout(120)
class InitProducerIdTest {
    @TempDir
    Path root;

    @Test
    void aSingleNodeNeverGivesAnIdTwiceAcrossRestarts() {
        Set<Long> seen = new HashSet<>();
        for (int run = 0; run < 2; run++) {
            SpateNode node = TestNode.start(root);
            try {
                for (int i = 0; i < 3; i++) {
                    InitProducerIdResponse r = init(node.port(), null);
                    assertEquals(ErrorCode.NONE, r.error(), r.errorMessage());
                    assertEquals(0, r.producerEpoch());
                    assertTrue(seen.add(r.producerId()), "id " + r.producerId() + " given twice");
                }
                // a transactional id goes to the transaction coordinator, which refuses a timeout of -1
                InitProducerIdResponse txn = init(node.port(), "my-txn");
                assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT, txn.error());
                assertEquals(-1, txn.producerId());
            } finally {
                TestNode.stop(node);
            }
        }
        assertEquals(Set.of(0L, 1L, 2L, 1000L, 1001L, 1002L), seen, "a restart starts a new block");
    }

    @Test
    void clusterNodesTakeTheirBlocksFromTheQuorum() {
        Set<Long> seen = new HashSet<>();
        try (TestCluster cluster = new TestCluster(root, 3).startAll()) {
            for (SpateNode n : cluster.running()) {
                for (int i = 0; i < 2; i++) {
                    InitProducerIdResponse r = init(n.port(), null);
                    assertEquals(ErrorCode.NONE, r.error(), r.errorMessage());
                    assertTrue(seen.add(r.producerId()), "id " + r.producerId() + " given twice: " + seen);
                }
            }
            Eventually.eventually(Duration.ofSeconds(20), "three blocks committed, seen by every node", () ->
                    cluster.running().stream().allMatch(n -> n.clusterMetadata().orElseThrow().current()
                            .nextProducerId() == 3000));
            cluster.stop(0);
            SpateNode back = cluster.start(0);
            InitProducerIdResponse r = init(back.port(), null);
            assertEquals(ErrorCode.NONE, r.error(), r.errorMessage());
            assertEquals(3000, r.producerId(), "a restarted node claims a new block");
        }
    }

    private static InitProducerIdResponse init(int port, String transactionalId) {
        try (RawConnection c = new RawConnection(port)) {
            return InitProducerIdResponse.readFrom(c.call(ApiKey.INIT_PRODUCER_ID,
                    new InitProducerIdRequest(transactionalId, -1, -1L, (short) -1)).body());
        }
    }
}
