package io.spate.client.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesPerAttemptUpToTheCap() {
        assertEquals(100, Backoff.exponential(100, 1000, 1));
        assertEquals(200, Backoff.exponential(100, 1000, 2));
        assertEquals(800, Backoff.exponential(100, 1000, 4));
        assertEquals(1000, Backoff.exponential(100, 1000, 5));
        assertEquals(1000, Backoff.exponential(100, 1000, 500));
    }

    @Test
    void capBelowTheBaseUsesTheBase() {
        assertEquals(100, Backoff.exponential(100, 10, 3));
    }

    @Test
    void zeroBaseNeverWaits() {
        assertEquals(0, Backoff.exponential(0, 1000, 7));
    }

    @Test
    void hugeBaseDoesNotOverflow() {
        assertEquals(Long.MAX_VALUE / 2, Backoff.exponential(Long.MAX_VALUE / 2, 1, 40));
    }

    @Test
    void jitterSpreadsByTheFractionEitherWay() {
        assertEquals(80, Backoff.jitter(100, 0.2, 0.0));
        assertEquals(100, Backoff.jitter(100, 0.2, 0.5));
        assertEquals(119, Backoff.jitter(100, 0.2, 0.999));
        assertEquals(0, Backoff.jitter(0, 0.2, 0.7));
    }
}
