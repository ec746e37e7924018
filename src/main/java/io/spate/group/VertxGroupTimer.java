package io.spate.group;

import io.spate.common.Time;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** The production {@link GroupTimer}: the node's clock and Vert.x timers on the coordinator's context. */
public final class VertxGroupTimer implements GroupTimer {
    private final Context context;
    private final Time time;

    /** @param time the clock {@link #nowMs()} reads (its wall clock) */
    public VertxGroupTimer(Context context, Time time) {
        this.context = context;
        this.time = time;
    }

    @Override
    public long nowMs() {
        return time.milliseconds();
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        Vertx vertx = context.owner();
        // A timer set on the coordinator's context fires there; the hop covers a call from elsewhere.
        long id = vertx.setTimer(Math.max(1, delayMs), t -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(v -> task.run());
            }
        });
        return () -> vertx.cancelTimer(id);
    }
}
