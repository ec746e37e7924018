package io.spate.testing;

import io.spate.common.Time;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Time} that moves only when the test moves it ({@link #advance}), as Kafka's
 * {@code MockTime}: both clocks advance together. Thread-safe, so the code under test may read it
 * on its own threads.
 */
public final class MockTime implements Time {
    private final AtomicLong timeMs;
    private final AtomicLong highResTimeNs;

    /** Wall clock at {@code startMs}; the monotonic clock at 0. */
    public MockTime(long startMs) {
        this.timeMs = new AtomicLong(startMs);
        this.highResTimeNs = new AtomicLong(0);
    }

    @Override
    public long milliseconds() {
        return timeMs.get();
    }

    @Override
    public long nanoseconds() {
        return highResTimeNs.get();
    }

    /** Moves both clocks {@code ms} forward. */
    public void advance(long ms) {
        timeMs.addAndGet(ms);
        highResTimeNs.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }
}
