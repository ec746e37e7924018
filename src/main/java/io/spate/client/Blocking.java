package io.spate.client;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way to block on the clients' Futures: {@code Blocking.await(producer.send(r), timeout)}.
 *
 * <p>It refuses to run on a Vert.x thread (event loop or worker), where blocking would stall the
 * very context that must complete the Future. A failed Future rethrows its cause when that is
 * unchecked (a {@link SpateException} carries the wire error), else wraps it in a
 * {@link CompletionException}; running out of time throws a {@link SpateException} with
 * {@link ErrorCode#REQUEST_TIMED_OUT}; an interrupt throws one too, with the interrupt flag kept.
 */
public final class Blocking {
    private Blocking() {
    }

    public static <T> T await(Future<T> future, Duration timeout) {
        requireNotOnVertxThread("Blocking.await");
        CompletableFuture<T> cf = future.toCompletionStage().toCompletableFuture();
        try {
            return cf.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        } catch (TimeoutException e) {
            throw new SpateException(ErrorCode.REQUEST_TIMED_OUT, "no result within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpateException(ErrorCode.REQUEST_TIMED_OUT, "interrupted while waiting", e);
        }
    }

    /**
     * Throws {@link IllegalStateException} when called on a Vert.x event-loop or worker thread; the
     * guard of every blocking call of the clients, {@code what} names the call.
     */
    public static void requireNotOnVertxThread(String what) {
        if (Context.isOnVertxThread()) {
            throw new IllegalStateException(what + " blocks and may not be called on a Vert.x thread ("
                    + Thread.currentThread().getName() + "); use the Future instead");
        }
    }
}
