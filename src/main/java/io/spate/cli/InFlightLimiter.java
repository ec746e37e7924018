package io.spate.cli;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds the bytes of records handed to a producer and not yet acknowledged, so that reading stdin
 * or generating perf load can never run ahead of the cluster by more than a fixed amount of memory
 * (the producer's own buffer also pushes back, but keeps the records it is made to wait with).
 *
 * <p>{@link #acquire} is called by the sending thread and blocks; {@link #release} by the
 * producer's completion callbacks on Vert.x threads, which it never blocks. Lock-free while the
 * bound is not reached (a semaphore of byte permits): it is on the perf tool's per-record path.
 */
final class InFlightLimiter {
    private final int maxBytes;
    private final Semaphore bytes;
    private final LongAdder inFlightRecords = new LongAdder();

    /** {@code maxBytes} is capped at {@link Integer#MAX_VALUE}. */
    InFlightLimiter(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        this.maxBytes = (int) Math.min(maxBytes, Integer.MAX_VALUE);
        this.bytes = new Semaphore(this.maxBytes);
    }

    /**
     * Waits until a record of {@code bytes} fits and counts it; returns the amount charged, to be
     * given back to {@link #release} (a record larger than the whole bound is charged the bound, so it
     * waits for everything else to finish but is not refused here).
     */
    long acquire(long bytes) throws InterruptedException {
        int charge = (int) Math.max(1, Math.min(bytes, maxBytes));
        this.bytes.acquire(charge);
        inFlightRecords.increment();
        return charge;
    }

    void release(long charge) {
        inFlightRecords.decrement();
        bytes.release((int) charge);
    }

    /** Waits until every acquired record is released; false if {@code timeoutMs} passed first. */
    boolean awaitEmpty(long timeoutMs) throws InterruptedException {
        // every record holds at least one permit, so all permits free means nothing in flight
        if (!bytes.tryAcquire(maxBytes, Math.max(0, timeoutMs), TimeUnit.MILLISECONDS)) {
            return false;
        }
        bytes.release(maxBytes);
        return true;
    }

    long inFlightRecords() {
        return inFlightRecords.sum();
    }
}
