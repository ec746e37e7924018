package io.spate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, bounded, for a condition to become true: the polling wait tests use instead of sleeps (the
 * pause between polls grows from 5 to 200 ms). The one such helper of the test tree.
 */
public final class Eventually {
    /** The bound of {@link #eventually(String, BooleanSupplier)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** Waits at most {@link #DEFAULT_TIMEOUT}. */
    public static void eventually(String what, BooleanSupplier condition) {
        eventually(DEFAULT_TIMEOUT, what, condition);
    }

    public static void eventually(Duration timeout, String what, BooleanSupplier condition) {
        eventually(timeout, what, condition, () -> "");
    }

    /** As above; on a timeout the message also gives {@code state}, what the test saw last. */
    public static void eventually(Duration timeout, String what, BooleanSupplier condition,
                                  Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String seen = state.get();
                throw new AssertionError("not true within " + timeout + ": " + what + (seen.isEmpty() ? "" : " (" + seen + ")"));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
            pause = Math.min(pause * 2, 200);
        }
    }

    /** A plain pause for pacing a test's own actions (never to wait for a condition: use {@link #eventually}). */
    public static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
