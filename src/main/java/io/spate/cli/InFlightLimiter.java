package io.spate.cli;

import java.util.concurrent.TimeUnit;

/**
 * Bounds the bytes of records handed to a producer and not yet acknowledged, so that reading stdin
 * or generating perf load can never run ahead of the cluster by more than a fixed amount of memory
 * (the producer's own buffer also pushes back, but keeps the records it is made to wait with).
 *
 * <p>{@link #acquire} is called by the sending thread and blocks; {@link #release} by the
 * producer's completion callbacks on Vert.x threads, which it never blocks.
 */
final class InFlightLimiter {
    private final long maxBytes;
    private long inFlightBytes;
    private long inFlightRecords;

    InFlightLimiter(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Waits until a record of {@code bytes} fits and counts it; returns the amount charged, to be
     * given back to {@link #release} (a record larger than the whole bound is charged the bound, so it
     * waits for everything else to finish but is not refused here).
     */
    synchronized long acquire(long bytes) throws InterruptedException {
        long charge = Math.max(1, Math.min(bytes, maxBytes));
        while (inFlightBytes + charge > maxBytes) {
            wait();
        }
        inFlightBytes += charge;
        inFlightRecords++;
        return charge;
    }

    synchronized void release(long charge) {
        inFlightBytes -= charge;
        inFlightRecords--;
        notifyAll();
    }

    /** Waits until every acquired record is released; false if {@code timeoutMs} passed first. */
    synchronized boolean awaitEmpty(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (inFlightRecords > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized long inFlightRecords() {
        return inFlightRecords;
    }
}
