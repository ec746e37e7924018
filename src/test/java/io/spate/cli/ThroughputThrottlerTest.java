package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kafka's ThroughputThrottler rules, with a sleeper that records instead of sleeping. */
class ThroughputThrottlerTest {
    private final List<Long> sleeps = new ArrayList<>();

    @Test
    void unlimitedNeverThrottles() {
        ThroughputThrottler t = new ThroughputThrottler(ThroughputThrottler.UNLIMITED, 0, sleeps::add);
        assertFalse(t.shouldThrottle(1_000_000_000L, 1));
    }

    @Test
    void throttlesOnlyWhenAheadOfTheTarget() {
        ThroughputThrottler t = new ThroughputThrottler(1_000, 10_000, sleeps::add);
        assertFalse(t.shouldThrottle(5, 10_000), "no time elapsed yet");
        assertFalse(t.shouldThrottle(1_000, 11_000), "exactly on target");
        assertTrue(t.shouldThrottle(1_001, 11_000));
        assertFalse(t.shouldThrottle(999, 11_000));
    }

    @Test
    void sleepsOnlyOnceTheDeficitReachesTwoMilliseconds() {
        ThroughputThrottler t = new ThroughputThrottler(1_000, 0, sleeps::add); // 1 ms per record
        t.throttle();
        assertTrue(sleeps.isEmpty());
        assertEquals(1_000_000, t.sleepDeficitNs());
        t.throttle();
        assertEquals(List.of(2_000_000L), sleeps);
        assertEquals(0, t.sleepDeficitNs());
    }

    @Test
    void slowTargetSleepsEveryTime() {
        ThroughputThrottler t = new ThroughputThrottler(10, 0, sleeps::add);
        t.throttle();
        t.throttle();
        assertEquals(List.of(100_000_000L, 100_000_000L), sleeps);
    }

    @Test
    void interruptKeepsTheFlagAndTheUnsleptDeficit() {
        ThroughputThrottler t = new ThroughputThrottler(10, 0, nanos -> {
            throw new InterruptedException();
        });
        try {
            t.throttle();
            assertTrue(Thread.currentThread().isInterrupted());
            assertTrue(t.sleepDeficitNs() > 0 && t.sleepDeficitNs() <= 100_000_000L);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void zeroTargetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ThroughputThrottler(0, 0));
    }
}
