package io.spate.client.internal.consumer;

import io.spate.client.ConsumerConfig;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * The background commit of {@code enable.auto.commit} (internal): every
 * {@code auto.commit.interval.ms} the due commit runs (the consumed positions, when the member may
 * commit); one at a time, failures are ignored (the next one carries newer positions anyway).
 * Does nothing when auto-commit is off.
 *
 * <p>Confined to the consumer's context.
 */
final class AutoCommitter {
    private final LoopContext context;
    private final boolean enabled;
    private final long intervalMs;
    private final Supplier<Future<Void>> commit;
    private long timer = -1;
    private Future<Void> inFlight;

    AutoCommitter(LoopContext context, ConsumerConfig config, Supplier<Future<Void>> commit) {
        this.context = context;
        this.enabled = config.isEnableAutoCommit();
        this.intervalMs = config.getAutoCommitIntervalMs();
        this.commit = commit;
    }

    void start() {
        if (enabled && timer < 0) {
            timer = context.setPeriodic(intervalMs, id -> commitNow());
        }
    }

    void stop() {
        if (timer >= 0) {
            context.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Runs the due commit now (joining one in flight); never fails. A no-op when auto-commit is off. */
    Future<Void> commitNow() {
        if (!enabled) {
            return Future.succeededFuture();
        }
        if (inFlight == null) {
            Future<Void> f = commit.get().recover(err -> Future.succeededFuture());
            inFlight = f;
            f.onComplete(ar -> inFlight = null);
        }
        return inFlight;
    }
}
