package io.spate.cluster.raft;

import io.spate.common.Time;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Raft messages a transport dropped because they would not encode or decode, counted, and
 * logged at most once per {@link #INTERVAL_MS} (with the number held back since): a peer that
 * sends garbage in a loop must not flood the log, but the first one is always seen.
 *
 * <p>Thread-safe: the receive path runs on the consumer's event loop, the send path on the Raft
 * node's thread.
 */
final class DroppedMessages {
    /** At most one line per this interval. */
    static final long INTERVAL_MS = 30_000;
    private static final System.Logger LOG = System.getLogger(DroppedMessages.class.getName());

    private final Time time;
    private final AtomicLong count = new AtomicLong();
    private long lastLoggedMs = Long.MIN_VALUE;
    private long heldBack;

    DroppedMessages(Time time) {
        this.time = time;
    }

    /** One more message dropped, for {@code reason}. */
    void dropped(String reason) {
        count.incrementAndGet();
        String line;
        synchronized (this) {
            long now = time.hiResClockMs();
            if (lastLoggedMs != Long.MIN_VALUE && now - lastLoggedMs < INTERVAL_MS) {
                heldBack++;
                return;
            }
            line = heldBack == 0 ? reason : reason + " (and " + heldBack + " more dropped in the last "
                    + (now - lastLoggedMs) / 1000 + " s)";
            lastLoggedMs = now;
            heldBack = 0;
        }
        LOG.log(System.Logger.Level.WARNING, line);
    }

    /** How many messages were dropped since this transport started. */
    long count() {
        return count.get();
    }
}
