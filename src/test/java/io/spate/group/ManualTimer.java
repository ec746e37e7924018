package io.spate.group;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link GroupTimer} for tests: time moves only when the test calls {@link #advance}, which runs
 * every task that falls due, in time order, on the coordinator's context.
 */
final class ManualTimer implements GroupTimer {
    private record Task(long due, long seq, Runnable action, boolean[] cancelled) {
    }

    private final AtomicLong now;
    private final Context context;
    // Touched only on the coordinator's context.
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long seq;

    ManualTimer(Context context, long startMs) {
        this.context = context;
        this.now = new AtomicLong(startMs);
    }

    @Override
    public long nowMs() {
        return now.get();
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        if (Vertx.currentContext() != context) {
            // The coordinator must only touch its state on its context: a timer set elsewhere is a bug.
            throw new IllegalStateException("timer scheduled off the coordinator's context");
        }
        boolean[] cancelled = {false};
        tasks.add(new Task(now.get() + Math.max(0, delayMs), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock by {@code ms}, running every task due on the way; completes when all ran. */
    Future<Void> advance(long ms) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            long target = now.get() + ms;
            while (!tasks.isEmpty() && tasks.peek().due <= target) {
                Task t = tasks.poll();
                if (!t.cancelled[0]) {
                    now.set(Math.max(now.get(), t.due));
                    t.action.run();
                }
            }
            now.set(target);
            done.complete();
        });
        return done.future();
    }
}
