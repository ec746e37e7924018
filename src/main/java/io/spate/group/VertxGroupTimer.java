package io.spate.group;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** The production {@link GroupTimer}: the wall clock and Vert.x timers on the coordinator's context. */
public final class VertxGroupTimer implements GroupTimer {
    private final Context context;

    public VertxGroupTimer(Context context) {
        this.context = context;
    }

    @Override
    public long nowMs() {
        return System.currentTimeMillis();
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
