package io.spate.client.internal.network;

/**
 * Exponential retry backoff: {@code base * 2^(attempt-1)}, capped at {@code max} (or at
 * {@code base} when {@code max} is smaller, as Kafka does).
 */
public final class Backoff {
    private Backoff() {
    }

    public static long exponential(long base, long max, int attempt) {
        long cap = Math.max(base, max);
        int shift = Math.max(0, Math.min(attempt - 1, 30));
        long b = base << shift;
        if ((b >> shift) != base) {
            return cap;
        }
        return Math.min(b, cap);
    }

    /**
     * {@code ms} spread by ±{@code fraction}: {@code ms * (1 - fraction + 2 * fraction * random)} for a
     * draw {@code random} in [0, 1), passed in so that tests can choose it.
     */
    public static long jitter(long ms, double fraction, double random) {
        double factor = 1 - fraction + 2 * fraction * random;
        double spread = ms * factor;
        return spread >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) spread;
    }
}
