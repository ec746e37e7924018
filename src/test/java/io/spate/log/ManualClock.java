package io.spate.log;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** An injectable clock for the log tests: time moves only when a test moves it. */
final class ManualClock implements LongSupplier {
    private final AtomicLong now;

    ManualClock(long start) {
        now = new AtomicLong(start);
    }

    @Override
    public long getAsLong() {
        return now.get();
    }

    void advance(long ms) {
        now.addAndGet(ms);
    }

    void set(long ms) {
        now.set(ms);
    }
}
