package io.spate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, bounded, for a condition to become true: the polling wait tests use instead of sleeps. */
public final class Eventually {
    private Eventually() {
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
}
