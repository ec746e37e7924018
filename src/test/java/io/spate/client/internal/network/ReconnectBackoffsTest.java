package io.spate.client.internal.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectBackoffsTest {
    private static NetworkConfig config(long base, long max) {
        return new NetworkConfig(List.of("127.0.0.1:1"), "t", 30_000, 300_000, 100, 1_000, 10_000, base, max);
    }

    @Test
    void doublesPerFailureUpToTheCapWithTwentyPercentJitter() {
        NetworkConfig c = config(50, 1_000);
        assertEquals(50, c.reconnectBackoffMs(1, 0.5), "no spread at the middle draw");
        assertEquals(100, c.reconnectBackoffMs(2, 0.5));
        assertEquals(400, c.reconnectBackoffMs(4, 0.5));
        assertEquals(40, c.reconnectBackoffMs(1, 0.0), "-20%");
        assertEquals(59, c.reconnectBackoffMs(1, 0.999), "just under +20%");
        assertEquals(800, c.reconnectBackoffMs(6, 0.0), "-20% of the cap");
        assertEquals(1_000, c.reconnectBackoffMs(6, 0.999), "jitter never goes above the cap");
        assertEquals(1_000, c.reconnectBackoffMs(1_000, 0.5));
    }

    @Test
    void aCapBelowTheBaseIsAConstantBackoffOfTheCap() {
        // Kafka's ExponentialBackoff: initial interval min(max, initial), no growth and no jitter
        NetworkConfig c = config(500, 100);
        for (int failures = 1; failures <= 10; failures++) {
            assertEquals(100, c.reconnectBackoffMs(failures, 0.0));
            assertEquals(100, c.reconnectBackoffMs(failures, 0.999));
        }
    }

    @Test
    void aZeroBaseNeverWaits() {
        assertEquals(0, config(0, 1_000).reconnectBackoffMs(5, 0.9));
    }

    @Test
    void countsFailuresInARowFromTheAttemptStartAndForgetsThemOnSuccess() {
        ReconnectBackoffs b = new ReconnectBackoffs(config(50, 1_000), () -> 0.5);
        assertFalse(b.hasFailed(3));
        assertEquals(0, b.remainingMs(3, 1_000));
        b.failed(3, 1_000);
        assertTrue(b.hasFailed(3));
        assertEquals(30, b.remainingMs(3, 1_020), "50 ms from the start of the failed attempt");
        b.failed(3, 1_100);
        b.failed(3, 1_300);
        assertEquals(3, b.failures(3));
        assertEquals(200, b.remainingMs(3, 1_300));
        assertEquals(0, b.remainingMs(3, 1_600));
        assertEquals(0, b.remainingMs(4, 1_300), "per node");
        b.succeeded(3);
        assertFalse(b.hasFailed(3));
        b.failed(3, 2_000);
        assertEquals(50, b.remainingMs(3, 2_000), "back to reconnect.backoff.ms");
    }
}
