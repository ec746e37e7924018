package io.spate.client.internal.consumer;

import io.spate.client.ConsumerRecord;
import io.spate.transport.LoopContext;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pull face of {@link io.spate.client.SpateConsumer} (internal): at most one waiting poll, completed with up to
 * {@code max.poll.records} records as soon as any are buffered, with the oldest pending error, or
 * with nothing at its timeout. The push face is {@link ConsumerStream}.
 *
 * <p>Threading: confined to the consumer's context.
 */
public final class ConsumerPoll {
    private final Vertx vertx;
    private final LoopContext context;
    private final Fetcher fetcher;
    private final int maxRecords;
    private Promise<List<ConsumerRecord>> pending;
    private long timer = -1;

    public ConsumerPoll(Vertx vertx, LoopContext context, Fetcher fetcher, int maxRecords) {
        this.vertx = vertx;
        this.context = context;
        this.fetcher = fetcher;
        this.maxRecords = maxRecords;
    }

    public boolean isWaiting() {
        return pending != null;
    }

    /**
     * Starts a poll: completes at once when records or an error are there, else waits up to
     * {@code timeout}. {@code refusal} gives the reason this poll may not start, or null.
     */
    void start(Promise<List<ConsumerRecord>> promise, Duration timeout, Supplier<RuntimeException> refusal) {
        RuntimeException refused = refusal.get();
        if (refused == null && pending != null) {
            refused = new IllegalStateException("another poll is already waiting");
        }
        if (refused != null) {
            promise.fail(refused);
            return;
        }
        pending = promise;
        if (!tryComplete()) {
            timer = context.setTimer(Math.max(1, timeout.toMillis()), id -> {
                timer = -1;
                complete(List.of());
            });
            fetcher.wakeup();
        }
    }

    /** Records or errors may have arrived. */
    void onData() {
        if (pending != null) {
            tryComplete();
        }
    }

    private boolean tryComplete() {
        List<ConsumerRecord> records = new ArrayList<>();
        ConsumerRecord r;
        while (records.size() < maxRecords && (r = fetcher.nextRecord()) != null) {
            records.add(r);
        }
        if (!records.isEmpty()) {
            complete(records);
            return true;
        }
        RuntimeException error = fetcher.takeError();
        if (error != null) {
            take().fail(error);
            return true;
        }
        return false;
    }

    /** Completes the waiting poll, if any, with {@code records}. */
    void complete(List<ConsumerRecord> records) {
        Promise<List<ConsumerRecord>> p = take();
        if (p != null) {
            p.complete(records);
        }
    }

    private Promise<List<ConsumerRecord>> take() {
        Promise<List<ConsumerRecord>> p = pending;
        pending = null;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        return p;
    }
}
