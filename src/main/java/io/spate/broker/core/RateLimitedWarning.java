package io.spate.broker.core;

import io.spate.common.Time;

/**
 * A warning that repeats while a condition lasts (a partition refusing appends on a full disk, a
 * checkpoint that cannot be written every interval), logged at most once per {@link #INTERVAL_MS}
 * with the count of the ones held back since, and a line when the condition ends.
 *
 * <p>Thread-safe (synchronized): rare, and called from whichever context completes the work.
 */
final class RateLimitedWarning {
    /** At most one line per this interval for one condition. */
    static final long INTERVAL_MS = 30_000;
    private final System.Logger log;
    private final Time time;
    private long lastLoggedMs;
    private boolean active;
    private int heldBack;
    private int failures;

    /** @param owner the class whose logger the lines go to */
    RateLimitedWarning(Class<?> owner, Time time) {
        this.log = System.getLogger(owner.getName());
        this.time = time;
    }

    /** The condition happened (again): logs {@code message} unless a line went out less than the interval ago. */
    synchronized void occurred(String message) {
        long now = time.milliseconds();
        failures++;
        if (active && now - lastLoggedMs < INTERVAL_MS) {
            heldBack++;
            return;
        }
        log.log(System.Logger.Level.WARNING, heldBack == 0 ? message
                : message + " (" + heldBack + " more like it in the last " + (now - lastLoggedMs) / 1000 + " s)");
        active = true;
        lastLoggedMs = now;
        heldBack = 0;
    }

    /** The condition ended: says so with {@code message} and the count of failures, if it had occurred. */
    synchronized void ended(String message) {
        if (!active) {
            return;
        }
        log.log(System.Logger.Level.INFO, message + " after " + failures + " failed attempts");
        active = false;
        heldBack = 0;
        failures = 0;
    }
}
