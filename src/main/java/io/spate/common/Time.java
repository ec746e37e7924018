package io.spate.common;

import java.util.concurrent.TimeUnit;

/**
 * The clock server code reads, passed in rather than read from {@link System}, so that tests drive
 * it (Kafka's {@code org.apache.kafka.common.utils.Time}). Production passes {@link #SYSTEM}; tests
 * pass a {@code MockTime} that moves only when the test moves it.
 *
 * <p>Two clocks, as the JDK has: {@link #milliseconds()} is wall-clock time (record timestamps,
 * retention, commit times: values compared with times from other machines or stored on disk);
 * {@link #nanoseconds()} is monotonic with an arbitrary origin (deadlines, timeouts and backoffs
 * within this process, which must not jump when the wall clock is set).
 *
 * <p>Implementations are thread-safe.
 */
public interface Time {
    /** The system clocks: {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
    Time SYSTEM = new SystemTime();

    /** Wall-clock milliseconds since the epoch. */
    long milliseconds();

    /** Monotonic nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoseconds();

    /** {@link #nanoseconds()} in milliseconds: monotonic, for deadlines kept in milliseconds. */
    default long hiResClockMs() {
        return TimeUnit.NANOSECONDS.toMillis(nanoseconds());
    }
}
