package io.spate.broker.wire;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's file descriptors: its limit and how many are open, from the JVM's
 * {@code com.sun.management.UnixOperatingSystemMXBean}. Where the JVM cannot tell (not a Unix, or
 * another JVM) both read -1 and no fd check is made.
 */
interface FileDescriptors {
    /** The process's fd limit, or -1 when unknown. */
    long max();

    /** File descriptors open now, or -1 when unknown. On Linux this lists /proc/self/fd: not free. */
    long open();

    /** The running JVM's counts. */
    static FileDescriptors ofProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new FileDescriptors() {
                @Override
                public long max() {
                    return unix.getMaxFileDescriptorCount();
                }

                @Override
                public long open() {
                    return unix.getOpenFileDescriptorCount();
                }
            };
        }
        return new FileDescriptors() {
            @Override
            public long max() {
                return -1;
            }

            @Override
            public long open() {
                return -1;
            }
        };
    }

    /**
     * The descriptors kept free for the log's own files (segments, indexes, checkpoints) and the
     * node's other needs: a tenth of the limit, at least 256. New connections are refused once
     * fewer than that would be left.
     */
    static long headroom(long max) {
        return Math.max(256, max / 10);
    }
}
