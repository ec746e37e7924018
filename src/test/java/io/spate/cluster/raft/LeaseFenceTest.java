package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftRole;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LeaseFence} fences when the status says the lease is not held (contact too old, never,
 * or no status at all) and unfences when it is held again; the timer ticks every lease / 10.
 */
@Timeout(20)
class LeaseFenceTest {
    private static final Duration LEASE = Duration.ofMillis(2500);
    private static final SpateEndpoint SELF = new SpateEndpoint(1);

    private final Vertx vertx = Vertx.vertx();
    private final AtomicReference<Future<QuorumStatus>> next = new AtomicReference<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static QuorumStatus status(OptionalLong contactMs, long atMs) {
        return new QuorumStatus(SELF, RaftRole.FOLLOWER, 3, Optional.of(new SpateEndpoint(2)), Set.of(SELF), Set.of(), java.util.Map.of(), java.util.Map.of(), contactMs,
                atMs, LEASE);
    }

    private boolean check(LeaseFence fence, Future<QuorumStatus> status) throws Exception {
        next.set(status);
        return fence.check().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void fencesWhenTheLeaseRunsOutOrNoStatusComesAndUnfencesWhenItIsHeldAgain() throws Exception {
        LeaseFence fence = new LeaseFence(vertx, next::get, Duration.ofHours(1));
        assertFalse(fence.getAsBoolean(), "not fenced before the first check");
        assertFalse(check(fence, Future.succeededFuture(status(OptionalLong.of(10_000), 12_000))), "contact 2 s ago");
        assertTrue(check(fence, Future.succeededFuture(status(OptionalLong.of(10_000), 12_500))), "contact 2.5 s ago");
        assertTrue(fence.getAsBoolean());
        assertTrue(check(fence, Future.succeededFuture(status(OptionalLong.of(10_000), 20_000))), "stays fenced");
        assertFalse(check(fence, Future.succeededFuture(status(OptionalLong.of(20_100), 20_200))), "heard a leader again");
        assertTrue(check(fence, Future.succeededFuture(status(OptionalLong.empty(), 20_300))), "never heard one");
        assertFalse(check(fence, Future.succeededFuture(status(OptionalLong.of(20_300), 20_400))));
        assertTrue(check(fence, Future.failedFuture(new IllegalStateException("raft node terminated"))),
                "no status is no lease");
    }

    @Test
    void theTimerChecksEveryQuarterLease() throws InterruptedException {
        assertEquals(Duration.ofMillis(250), LeaseFence.periodFor(LEASE));
        next.set(Future.succeededFuture(status(OptionalLong.empty(), 1)));
        LeaseFence fence = new LeaseFence(vertx, next::get, Duration.ofMillis(20));
        fence.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!fence.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        fence.stop();
        assertTrue(fence.getAsBoolean(), "the timer's check fenced it");
        assertThrows(IllegalArgumentException.class, () -> new LeaseFence(vertx, next::get, Duration.ZERO));
    }
}
