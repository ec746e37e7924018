package io.spate.common;

/** {@link Time#SYSTEM}: the JDK's clocks. */
final class SystemTime implements Time {
    @Override
    public long milliseconds() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoseconds() {
        return System.nanoTime();
    }
}
