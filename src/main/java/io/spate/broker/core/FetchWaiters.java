package io.spate.broker.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Fetches parked on one partition until there is something for them: a consumer's until the high
 * watermark passes its offset (a read_committed one's: the last stable offset), a follower's (replica)
 * until the log end does. Confined to the
 * partition writer's context; a wake-up runs the waiter's task (which hops to its connection).
 */
final class FetchWaiters {
    private final List<FetchWaiter> waiters = new ArrayList<>();

    void add(FetchWaiter w) {
        waiters.add(w);
    }

    void remove(FetchWaiter w) {
        waiters.remove(w);
    }

    /**
     * Wakes consumers below {@code highWatermark}, and read_committed ones below {@code lastStableOffset}
     * (which moves with it, or when a marker ends the oldest open transaction).
     */
    void highWatermarkMoved(long highWatermark, long lastStableOffset) {
        wake(highWatermark, lastStableOffset, Long.MIN_VALUE);
    }

    /** Wakes followers below {@code logEndOffset}. */
    void appended(long logEndOffset) {
        wake(Long.MIN_VALUE, Long.MIN_VALUE, logEndOffset);
    }

    /**
     * One pass over the waiters, each against the bound of its kind ({@link Long#MIN_VALUE}: not woken).
     * Takes the waiters to wake out of the list first, then runs them: a wake-up may park a fetch
     * again, or drop another, before it returns (a fetch that still finds too little waits anew),
     * which changes the list. Running them while iterating threw ConcurrentModificationException out
     * of the high watermark's advance, leaving the other waiters asleep until their deadline.
     */
    private void wake(long consumersBelow, long committedBelow, long replicasBelow) {
        List<FetchWaiter> due = null;
        for (Iterator<FetchWaiter> it = waiters.iterator(); it.hasNext(); ) {
            FetchWaiter w = it.next();
            long below = w.replica() ? replicasBelow : w.committed() ? committedBelow : consumersBelow;
            if (w.offset() < below) {
                it.remove();
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(w);
            }
        }
        if (due != null) {
            due.forEach(w -> w.wake().run());
        }
    }

    int size() {
        return waiters.size();
    }

    void wakeAll() {
        List<FetchWaiter> all = new ArrayList<>(waiters);
        waiters.clear();
        all.forEach(w -> w.wake().run());
    }
}
