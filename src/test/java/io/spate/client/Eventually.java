package io.spate.client;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits, bounded, for a condition to become true: the tests' only way to wait for convergence. */
public final class Eventually {
    private Eventually() {
    }

    public static void eventually(String what, BooleanSupplier condition) {
        eventually(what, Duration.ofSeconds(10), condition);
    }

    public static void eventually(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
