package io.spate.cli;

/**
 * Holds a sender to a target rate the way Kafka's {@code ThroughputThrottler} does, so that
 * {@code spate perf produce --throughput R} and {@code kafka-producer-perf-test --throughput R}
 * offer the same load: after each send the caller asks {@link #shouldThrottle} whether it is ahead
 * of the target (sent / elapsed seconds &gt; R) and, if so, calls {@link #throttle()}, which adds
 * 1/R seconds to a sleep deficit and sleeps it off once it reaches {@value #MIN_SLEEP_NS} ns (sleeping
 * for less is not precise enough to be worth it).
 *
 * <p>A negative target means no limit. Used by one thread only.
 */
public final class ThroughputThrottler {
    /** A target rate meaning "as fast as possible". */
    public static final double UNLIMITED = -1;
    static final long MIN_SLEEP_NS = 2_000_000L;
    private static final long NS_PER_SEC = 1_000_000_000L;

    /** How to sleep; tests pass one that records instead of sleeping. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double targetPerSec;
    private final long startMs;
    private final long sleepTimeNs;
    private final Sleeper sleeper;
    private long sleepDeficitNs;

    public ThroughputThrottler(double targetPerSec, long startMs) {
        this(targetPerSec, startMs, ThroughputThrottler::sleep);
    }

    public ThroughputThrottler(double targetPerSec, long startMs, Sleeper sleeper) {
        if (targetPerSec == 0) {
            throw new IllegalArgumentException("target throughput must be > 0, or negative for no limit");
        }
        this.targetPerSec = targetPerSec;
        this.startMs = startMs;
        this.sleeper = sleeper;
        this.sleepTimeNs = targetPerSec > 0 ? (long) (NS_PER_SEC / targetPerSec) : 0;
    }

    /** True when {@code amountSoFar} sends by {@code nowMs} are ahead of the target rate. */
    public boolean shouldThrottle(long amountSoFar, long nowMs) {
        if (targetPerSec < 0) {
            return false;
        }
        double elapsedSec = (nowMs - startMs) / 1000.0;
        return elapsedSec > 0 && amountSoFar / elapsedSec > targetPerSec;
    }

    /**
     * Adds one send's worth of sleep to the deficit and sleeps the deficit off when it is large enough.
     * An interrupt cuts the sleep short, keeps the interrupt flag set and the unslept part of the deficit.
     */
    public void throttle() {
        sleepDeficitNs += sleepTimeNs;
        if (sleepDeficitNs < MIN_SLEEP_NS) {
            return;
        }
        long start = System.nanoTime();
        try {
            sleeper.sleepNanos(sleepDeficitNs);
            sleepDeficitNs = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long slept = System.nanoTime() - start;
            sleepDeficitNs = Math.max(0, sleepDeficitNs - slept);
        }
    }

    /** The sleep owed but not yet taken, in ns. */
    long sleepDeficitNs() {
        return sleepDeficitNs;
    }

    private static void sleep(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
