package io.spate.client.internal.consumer;

import io.spate.client.Blocking;
import io.spate.client.ConsumerRecord;
import io.spate.client.SpateConsumer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;

/**
 * Hands a {@link SpateConsumer}'s records to the application (internal), in one of two ways not to
 * be mixed: pulled by {@code poll} / {@code pollAsync} ({@link ConsumerPoll}), or pushed to the
 * handler of the consumer's {@link io.vertx.core.streams.ReadStream} face with its flow control
 * ({@link ConsumerStream}). A group consumer's poll first tells its {@link ConsumerCoordinator}
 * (the poll-interval clock restarts, a member out of its group joins again), and is refused with
 * the group's fatal error.
 *
 * <p>Threading: called from any thread; the work runs on the consumer's context, queued in call
 * order through the {@link ConsumerLifecycle} (the stream's setters run at once when already there,
 * so a {@code pause()} inside the handler takes effect at that record).
 */
public final class ConsumerDelivery {
    private final ConsumerLifecycle lifecycle;
    private final ConsumerPoll poll;
    private final ConsumerStream stream;
    /** Null without a group.id. */
    private final ConsumerCoordinator coordinator;

    public ConsumerDelivery(ConsumerLifecycle lifecycle, ConsumerPoll poll, ConsumerStream stream,
                            ConsumerCoordinator coordinator) {
        this.lifecycle = lifecycle;
        this.poll = poll;
        this.stream = stream;
        this.coordinator = coordinator;
    }

    /** See {@link SpateConsumer#poll(Duration)}. */
    public List<ConsumerRecord> poll(Duration timeout) {
        Blocking.requireNotOnVertxThread("SpateConsumer.poll");
        // the Future completes at the timeout by itself; the margin only guards against a stalled loop
        return Blocking.await(pollAsync(timeout), timeout.plusSeconds(30));
    }

    /** See {@link SpateConsumer#pollAsync(Duration)}. */
    public Future<List<ConsumerRecord>> pollAsync(Duration timeout) {
        if (lifecycle.isClosed()) {
            return ConsumerLifecycle.closedFailure();
        }
        Promise<List<ConsumerRecord>> promise = lifecycle.context().promise();
        lifecycle.onContext(() -> {
            if (coordinator != null && lifecycle.state() == ConsumerLifecycle.State.OPEN) {
                coordinator.onPoll();
            }
            poll.start(promise, timeout, this::pollRefusal);
        });
        return promise.future();
    }

    /** Why a poll may not start now, or null. */
    private RuntimeException pollRefusal() {
        if (lifecycle.state() != ConsumerLifecycle.State.OPEN) {
            return ConsumerLifecycle.closedError();
        }
        if (stream.hasHandler()) {
            return new IllegalStateException("records are being delivered to the stream handler");
        }
        return coordinator != null ? coordinator.failure() : null;
    }

    public void handler(Handler<ConsumerRecord> handler) {
        lifecycle.onContextNow(() -> stream.handler(handler));
    }

    public void exceptionHandler(Handler<Throwable> handler) {
        lifecycle.onContextNow(() -> stream.exceptionHandler(handler));
    }

    public void endHandler(Handler<Void> handler) {
        lifecycle.onContextNow(() -> stream.endHandler(handler));
    }

    public void pause() {
        lifecycle.onContextNow(stream::pause);
    }

    public void fetch(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("fetch amount must be >= 0, was " + amount);
        }
        lifecycle.onContextNow(() -> stream.fetch(amount));
    }

    /** On the context: records or errors may have arrived. */
    public void onData() {
        poll.onData();
        stream.onData();
    }

    /** On the context: a waiting poll returns empty (the consumer is closing). */
    public void completePoll() {
        poll.complete(List.of());
    }

    /** On the context: the consumer closed; the stream's end handler runs. */
    public void end() {
        stream.end();
    }
}
