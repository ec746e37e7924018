package io.spate.broker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spate.testing.MockTime;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    /** A process with a 1,000-fd limit (headroom 256) and {@code open} fds open. */
    private static final class FakeFds implements FileDescriptors {
        long open;

        @Override
        public long max() {
            return 1_000;
        }

        @Override
        public long open() {
            return open;
        }
    }

    @Test
    void refusesConnectionsThatWouldEatIntoTheFdHeadroom() {
        FakeFds fds = new FakeFds();
        fds.open = 740;
        MockTime time = new MockTime(1_000_000);
        ConnectionLimits limits = new ConnectionLimits(10_000, 10_000, fds, host -> false, time);
        assertNull(limits.admit("127.0.0.11")); // 741 open, 744 allowed
        assertNull(limits.admit("127.0.0.11"));
        assertNull(limits.admit("127.0.0.11"));
        assertNull(limits.admit("127.0.0.11")); // 744
        assertEquals(ConnectionLimits.Refusal.FD_HEADROOM, limits.admit("127.0.0.12"));
        // the log's files went (fds freed): read again after 100 ms of refusing
        fds.open = 500;
        time.advance(100);
        assertNull(limits.admit("127.0.0.12"));
        assertEquals(1, limits.refused(ConnectionLimits.Refusal.FD_HEADROOM));
        assertEquals(5, limits.connections());
    }

    @Test
    void clusterNodesAreNotCountedAgainstTheConnectionLimits() {
        ConnectionLimits limits = new ConnectionLimits(1, 1, new FakeFds(), "127.0.0.19"::equals, new MockTime(1_000_000));
        assertNull(limits.admit("127.0.0.11"));
        assertEquals(ConnectionLimits.Refusal.MAX_CONNECTIONS, limits.admit("127.0.0.12"));
        assertNull(limits.admit("127.0.0.19"));
        assertNull(limits.admit("127.0.0.19"));
        limits.release("127.0.0.19");
        limits.release("127.0.0.11");
        assertEquals(0, limits.connections());
        assertNull(limits.admit("127.0.0.12"));
    }
}
