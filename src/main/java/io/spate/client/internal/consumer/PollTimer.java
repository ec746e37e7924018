package io.spate.client.internal.consumer;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Kafka's poll timer for {@code max.poll.interval.ms} (internal): restarted by every poll, and
 * held at "now" while the application counts as polling (a poll waiting, a flowing stream).
 *
 * <p>Confined to the consumer's context.
 */
final class PollTimer {
    private final LongSupplier clock;
    private final long maxIntervalMs;
    private final BooleanSupplier applicationActive;
    private long lastPollMs;

    PollTimer(LongSupplier clock, long maxIntervalMs, BooleanSupplier applicationActive) {
        this.clock = clock;
        this.maxIntervalMs = maxIntervalMs;
        this.applicationActive = applicationActive;
        this.lastPollMs = clock.getAsLong();
    }

    void polled() {
        lastPollMs = clock.getAsLong();
    }

    /** True when the application has not polled for longer than max.poll.interval.ms. */
    boolean expired() {
        long now = clock.getAsLong();
        if (applicationActive.getAsBoolean()) {
            lastPollMs = now;
        }
        return now - lastPollMs > maxIntervalMs;
    }
}
