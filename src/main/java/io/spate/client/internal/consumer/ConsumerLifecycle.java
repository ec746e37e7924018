package io.spate.client.internal.consumer;

import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * A {@link io.spate.client.SpateConsumer}'s lifecycle and its way onto the consumer's context (internal). Calls
 * from any thread are queued on the context in call order, so a poll after a seek sees the seek;
 * once CLOSED nothing is queued any more (the context may be gone with the consumer's own Vert.x).
 *
 * <p>States and their moves: OPEN → CLOSING (committing, revoking, leaving the group) → CLOSED;
 * {@link #transitionTo} throws {@link IllegalStateException} on any other move.
 *
 * <p>Threading: the state is written on the consumer's context and read from any thread.
 */
public final class ConsumerLifecycle {
    public enum State { OPEN, CLOSING, CLOSED }

    private final LoopContext context;
    private volatile State state = State.OPEN;

    public ConsumerLifecycle(LoopContext context) {
        this.context = context;
    }

    public LoopContext context() {
        return context;
    }

    public State state() {
        return state;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** On the consumer's context only. */
    public void transitionTo(State next) {
        boolean allowed = switch (next) {
            case OPEN -> false;
            case CLOSING -> state == State.OPEN;
            case CLOSED -> state == State.CLOSING;
        };
        if (!allowed) {
            throw new IllegalStateException("consumer: " + state + " -> " + next);
        }
        state = next;
    }

    /** The failure of a call made after close. */
    static <T> Future<T> closedFailure() {
        return Future.failedFuture(closedError());
    }

    static IllegalStateException closedError() {
        return new IllegalStateException("consumer is closed");
    }

    /** Runs {@code action} on the context after everything queued before it; its outcome is returned. */
    <T> Future<T> onContextFuture(Supplier<Future<T>> action) {
        if (isClosed()) {
            return closedFailure();
        }
        Promise<T> p = context.promise();
        onContext(() -> action.get().onComplete(p));
        return p.future();
    }

    /** Runs on the context after everything queued before it; nothing once closed. */
    void onContext(Runnable r) {
        if (isClosed()) {
            return; // the context may be gone with the consumer's own Vert.x
        }
        context.runOnContext(v -> r.run());
    }

    /** Runs at once when already on the context (so pause() inside the handler takes effect), else queues. */
    void onContextNow(Runnable r) {
        if (context.isRunningOnContext()) {
            r.run();
        } else {
            onContext(r);
        }
    }
}
