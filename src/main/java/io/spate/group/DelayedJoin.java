package io.spate.group;

/**
 * The end of a join phase, scheduled on the timer (Kafka's DelayedJoin / InitialDelayedJoin).
 *
 * <p>A regular join phase ends early once every member has rejoined, else when the group's
 * rebalance timeout passes. The initial join phase of an Empty group never ends early: it waits
 * {@code delayMs} (group.initial.rebalance.delay.ms) and, if a new member joined meanwhile, waits
 * again, up to {@code remainingMs} more in total, so that a group whose consumers start together
 * forms in one generation.
 *
 * <p>Only on the coordinator's context.
 */
final class DelayedJoin {
    private final boolean initial;
    private final long delayMs;
    private final long remainingMs;
    private boolean newMemberAdded;
    private GroupTimer.Timeout timeout;

    private DelayedJoin(boolean initial, long delayMs, long remainingMs) {
        this.initial = initial;
        this.delayMs = delayMs;
        this.remainingMs = remainingMs;
    }

    static DelayedJoin regular(long rebalanceTimeoutMs) {
        return new DelayedJoin(false, rebalanceTimeoutMs, 0);
    }

    static DelayedJoin initial(long delayMs, long remainingMs) {
        return new DelayedJoin(true, delayMs, remainingMs);
    }

    boolean isInitial() {
        return initial;
    }

    long delayMs() {
        return delayMs;
    }

    /**
     * The next initial wait when this one expires: extended while new members keep arriving, as
     * Kafka's InitialDelayedJoin (delay = min(configured, remaining), remaining shrinks by the
     * delay just waited); null when the phase should end now.
     */
    DelayedJoin extension(long configuredDelayMs) {
        if (!initial || !newMemberAdded || remainingMs == 0) {
            return null;
        }
        return initial(Math.min(configuredDelayMs, remainingMs), Math.max(remainingMs - delayMs, 0));
    }

    void newMemberAdded() {
        newMemberAdded = true;
    }

    void timeout(GroupTimer.Timeout t) {
        timeout = t;
    }

    void cancel() {
        if (timeout != null) {
            timeout.cancel();
        }
    }
}
