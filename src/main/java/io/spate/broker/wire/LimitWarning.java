package io.spate.broker.wire;

import io.spate.common.Time;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WARNING about one limit that bites, logged at most once per interval with the number of times
 * it bit since the last line ({@code "... (37 times in the last 10 s)"}), so a flood of refused
 * connections cannot flood the log. Counts every event for the listener's statistics.
 *
 * <p>Thread-safe.
 */
final class LimitWarning {
    static final long INTERVAL_MS = 10_000;
    private static final System.Logger LOG = System.getLogger(NativeListener.class.getName());

    private final String what;
    private final Time time;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sinceLast = new AtomicLong();
    private final AtomicLong lastLoggedMs = new AtomicLong(Long.MIN_VALUE / 2);

    /** @param what what happens when the limit bites, e.g. {@code "connection refused: max.connections"} */
    LimitWarning(String what, Time time) {
        this.what = what;
        this.time = time;
    }

    /** Counts one event and logs if the last line is older than the interval; {@code detail} says this one. */
    void bit(String detail) {
        total.incrementAndGet();
        sinceLast.incrementAndGet();
        long now = time.milliseconds();
        long last = lastLoggedMs.get();
        if (now - last >= INTERVAL_MS && lastLoggedMs.compareAndSet(last, now)) {
            long n = sinceLast.getAndSet(0);
            LOG.log(System.Logger.Level.WARNING, what + ": " + detail + " (" + n + (n == 1 ? " time" : " times")
                    + " since the last such warning; at most one per " + INTERVAL_MS / 1000 + " s)");
        }
    }

    long total() {
        return total.get();
    }
}
