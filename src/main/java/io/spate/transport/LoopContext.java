package io.spate.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.Callable;

/**
 * An event-loop context that Spate code owns state on (a partition writer, a connection's
 * event loop, a client, the cluster membership): one Vert.x {@link Context} and the few of its
 * internal operations that Spate needs, so that {@code io.vertx.core.internal} stays inside
 * {@code io.spate.transport}.
 *
 * <p>What it adds over the public {@link Context}: a context of its own created on demand
 * ({@link #create}), {@link #execute} (runs the task at once when the caller is on this context's
 * event-loop thread, where {@link #runOnContext} always queues it), {@link #promise()} bound to the context, timers bound to
 * it, and {@link #reportException}. Every method delegates to the one Vert.x call of the same name;
 * nothing is allocated beyond what that call allocates.
 *
 * <p>Create one per owner (per partition, per connection's event loop, per client) and keep it;
 * never wrap a context per request. Immutable and thread-safe: any thread may hand work to it.
 */
public final class LoopContext {
    private final ContextInternal context;

    private LoopContext(ContextInternal context) {
        this.context = context;
    }

    /** A new event-loop context of {@code vertx} (on one of its event loops, chosen round robin). */
    public static LoopContext create(Vertx vertx) {
        return new LoopContext(((VertxInternal) vertx).createEventLoopContext());
    }

    /** The given context (of a verticle, of a handler), as a LoopContext. */
    public static LoopContext of(Context context) {
        return new LoopContext((ContextInternal) context);
    }

    /** The public Vert.x context, for APIs that take one. */
    public Context asContext() {
        return context;
    }

    public Vertx owner() {
        return context.owner();
    }

    /** True when the calling thread runs this context now. */
    public boolean isRunningOnContext() {
        return context.isRunningOnContext();
    }

    /**
     * Runs {@code task} on this context's thread: at once when the caller is on that thread already —
     * also when the caller runs another context that shares the event loop (Vert.x checks the thread,
     * not the context), so the task then sees the caller's context as current — else queued.
     */
    public void execute(Runnable task) {
        context.execute(task);
    }

    /** Queues {@code action} on this context, also when the caller is on it already. */
    public void runOnContext(Handler<Void> action) {
        context.runOnContext(action);
    }

    /**
     * A promise bound to this context: its Future's listeners run on this context (at once when
     * it completes there, else dispatched to it), whichever thread completes it.
     */
    public <T> Promise<T> promise() {
        return context.promise();
    }

    /** A succeeded Future whose listeners run on this context. */
    public <T> Future<T> succeededFuture(T value) {
        return context.succeededFuture(value);
    }

    /** A failed Future whose listeners run on this context. */
    public <T> Future<T> failedFuture(Throwable cause) {
        return context.failedFuture(cause);
    }

    /** A one-shot timer whose handler runs on this context; cancel it with {@link #cancelTimer}. */
    public long setTimer(long delayMs, Handler<Long> handler) {
        return context.setTimer(delayMs, handler);
    }

    /** A periodic timer whose handler runs on this context; cancel it with {@link #cancelTimer}. */
    public long setPeriodic(long delayMs, Handler<Long> handler) {
        return context.setPeriodic(delayMs, handler);
    }

    /** Cancels a timer of this context's Vert.x instance; false when it had fired (one-shot) or was gone. */
    public boolean cancelTimer(long id) {
        return context.owner().cancelTimer(id);
    }

    /** Runs blocking {@code work} on a worker, ordered with the other blocking work of this context. */
    public <T> Future<T> executeBlocking(Callable<T> work) {
        return context.executeBlocking(work);
    }

    /** Runs blocking {@code work} on a worker; {@code ordered} false lets it run beside this context's other blocking work. */
    public <T> Future<T> executeBlocking(Callable<T> work, boolean ordered) {
        return context.executeBlocking(work, ordered);
    }

    /** Hands an exception no caller can take to the context's exception handler (else Vert.x logs it). */
    public void reportException(Throwable t) {
        context.reportException(t);
    }

    @Override
    public String toString() {
        return "LoopContext[" + context + "]";
    }
}
