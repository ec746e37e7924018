package io.spate.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Producer ids come from claimed blocks: unique, in order, across blocks and restarts; a failed claim is retried. */
class ProducerIdManagerTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        TestNode.await(vertx.close());
    }

    @Test
    void idsAreUniqueAcrossBlocksAndWaitersAreServedInOrder() {
        List<Promise<Long>> claims = new ArrayList<>();
        ProducerIdBlocks blocks = size -> {
            Promise<Long> p = Promise.promise();
            claims.add(p);
            return p.future();
        };
        ProducerIdManager ids = new ProducerIdManager(vertx.getOrCreateContext(), blocks);
        // more requests than a block holds arrive while the first claim is pending
        List<Future<Long>> asked = new ArrayList<>();
        for (int i = 0; i < ProducerIdManager.BLOCK_SIZE + 3; i++) {
            asked.add(ids.nextProducerId());
        }
        io.spate.testing.Eventually.eventually(java.time.Duration.ofSeconds(5), "first claim", () -> claims.size() == 1);
        claims.get(0).complete(5000L);
        io.spate.testing.Eventually.eventually(java.time.Duration.ofSeconds(5), "second claim", () -> claims.size() == 2);
        claims.get(1).complete(9000L);
        List<Long> got = asked.stream().map(TestNode::await).toList();
        assertEquals(5000L, got.get(0));
        assertEquals(5999L, got.get(ProducerIdManager.BLOCK_SIZE - 1));
        assertEquals(List.of(9000L, 9001L, 9002L), got.subList(ProducerIdManager.BLOCK_SIZE, got.size()));
        assertEquals(9003L, TestNode.await(ids.nextProducerId()), "the rest of the block serves the next request");
        assertEquals(2, claims.size());
    }

    @Test
    void aFailedClaimFailsItsWaitersAndTheNextRequestClaimsAgain() {
        List<Promise<Long>> claims = new ArrayList<>();
        ProducerIdManager ids = new ProducerIdManager(vertx.getOrCreateContext(), size -> {
            Promise<Long> p = Promise.promise();
            claims.add(p);
            return p.future();
        });
        Future<Long> first = ids.nextProducerId();
        io.spate.testing.Eventually.eventually(java.time.Duration.ofSeconds(5), "claim", () -> claims.size() == 1);
        claims.get(0).fail(new IllegalStateException("no quorum"));
        assertThrows(IllegalStateException.class, () -> TestNode.await(first));
        Future<Long> second = ids.nextProducerId();
        io.spate.testing.Eventually.eventually(java.time.Duration.ofSeconds(5), "claim again", () -> claims.size() == 2);
        claims.get(1).complete(0L);
        assertEquals(0L, TestNode.await(second));
    }

    @Test
    void aSingleNodesBlocksSurviveRestartsAndNeverOverlap() throws Exception {
        Set<Long> seen = new HashSet<>();
        for (int run = 0; run < 3; run++) {
            // each run is a restart: a new manager on the same data dir
            ProducerIdManager ids = new ProducerIdManager(vertx.getOrCreateContext(), new FileProducerIdBlocks(vertx, dir));
            for (int i = 0; i < 3; i++) {
                assertTrue(seen.add(TestNode.await(ids.nextProducerId())), "an id given twice: " + seen);
            }
        }
        assertEquals(Set.of(0L, 1L, 2L, 1000L, 1001L, 1002L, 2000L, 2001L, 2002L), seen);
        assertTrue(Files.readString(dir.resolve("meta/producer-ids.json")).contains("\"next\":3000"));

        Files.writeString(dir.resolve("meta/producer-ids.json"), "{\"version\":1,\"next\":-5}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestNode.await(
                new FileProducerIdBlocks(vertx, dir).claim(10)));
        assertTrue(e.getMessage().contains("is not a producer id file this build reads"), e.getMessage());
        assertTrue(Files.readString(dir.resolve("meta/producer-ids.json")).contains("-5"), "a refused claim changes nothing");
    }
}
