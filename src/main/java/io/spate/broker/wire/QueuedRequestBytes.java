package io.spate.broker.wire;

import io.spate.common.Time;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide bound on the bytes of requests being received or handled
 * ({@code queued.max.request.bytes}): the bytes of partly received frames plus the frames whose
 * answer is not written yet. (The buffers that hold a partly received frame grow by half at most,
 * see {@code FrameParser}, so the memory behind the bytes counted here is at most about 1.5 times
 * as much.) Connections add what they hold as bytes arrive and give it back when a
 * request is answered or the connection closes; once the total reaches the bound, a connection
 * that wants more memory stops reading and waits here, and every waiter is woken (on its own
 * context) as soon as the total falls below the bound again.
 *
 * <p>A socket read that is already done cannot be refused, so the total may pass the bound by what
 * the connections reading at that moment had just read (one read each, at most 64 KiB with Netty's
 * default receive buffers), never by a whole announced frame.
 *
 * <p>Thread-safe: connections on every event loop share one instance.
 */
final class QueuedRequestBytes {
    private final long bound;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private final LimitWarning paused;

    QueuedRequestBytes(long bound, Time time) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        this.bound = bound;
        this.paused = new LimitWarning("connection reading paused (queued.max.request.bytes)", time);
    }

    /** Adds {@code delta} bytes (negative: gives them back) and wakes the waiters once below the bound. */
    void add(long delta) {
        long now = used.addAndGet(delta);
        if (delta > 0) {
            peak.accumulateAndGet(now, Math::max);
        } else if (delta < 0 && now < bound) {
            wakeAll();
        }
    }

    boolean exhausted() {
        return used.get() >= bound;
    }

    /**
     * Runs {@code wake} once the total is below the bound: at once if it already is (a release may
     * have happened between the caller's check and this call), else at the next release that brings it there.
     */
    void awaitRoom(Runnable wake) {
        paused.bit(used.get() + " bytes of requests held, queued.max.request.bytes=" + bound
                + "; reading resumes as requests are answered or connections close");
        waiters.add(wake);
        if (!exhausted()) {
            wakeAll();
        }
    }

    private void wakeAll() {
        Runnable r;
        while ((r = waiters.poll()) != null) {
            r.run();
        }
    }

    long used() {
        return used.get();
    }

    long peak() {
        return peak.get();
    }

    /** How many times a connection paused for want of room. */
    long pauses() {
        return paused.total();
    }

    long bound() {
        return bound;
    }
}
