package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InFlightLimiterTest {
    @Test
    @Timeout(10)
    void acquireWaitsUntilEnoughIsReleased() throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(100);
        long first = limiter.acquire(60);
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try {
                return limiter.acquire(60);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(limiter.awaitEmpty(0), "one record in flight");
        assertFalse(second.isDone(), "60 + 60 > 100 must wait");
        limiter.release(first);
        assertEquals(60L, second.get(5, TimeUnit.SECONDS));
        assertEquals(1, limiter.inFlightRecords());
    }

    @Test
    void recordLargerThanTheBoundIsChargedTheBound() throws InterruptedException {
        InFlightLimiter limiter = new InFlightLimiter(100);
        long charge = limiter.acquire(1_000);
        assertEquals(100, charge);
        limiter.release(charge);
        assertTrue(limiter.awaitEmpty(0));
    }
}
