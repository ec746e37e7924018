package io.spate.group;

/**
 * The coordinator's clock and timers, injectable so that tests drive session timeouts, rebalance
 * timeouts, the initial join delay and expiry deterministically. {@link #schedule} is called only on
 * the coordinator's context and the task must run on that context.
 */
public interface GroupTimer {
    /** Milliseconds since the epoch. */
    long nowMs();

    /** Runs {@code task} on the coordinator's context after {@code delayMs} unless cancelled first. */
    Timeout schedule(long delayMs, Runnable task);

    /** A scheduled task. */
    interface Timeout {
        /** Stops the task from running; no effect if it ran already. */
        void cancel();
    }
}
