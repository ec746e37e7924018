package io.spate.client.internal.consumer;

import io.spate.client.ConsumerRecord;
import io.spate.transport.LoopContext;
import io.vertx.core.Handler;

/**
 * The push face of {@link io.spate.client.SpateConsumer} (internal): hands buffered records to the handler while
 * there is demand ({@code Long.MAX_VALUE} = unbounded, the state after {@code resume()}),
 * {@code max.poll.records} per turn of the context before yielding it; errors go to the exception
 * handler (or the context's, when none is set). Positions move only for records handed out, so a
 * {@code pause()} from inside the handler stops delivery at that record.
 *
 * <p>Threading: confined to the consumer's context.
 */
public final class ConsumerStream {
    private final LoopContext context;
    private final Fetcher fetcher;
    private final int maxPerTurn;
    private Handler<ConsumerRecord> handler;
    private Handler<Throwable> exceptionHandler;
    private Handler<Void> endHandler;
    private long demand = Long.MAX_VALUE;
    private boolean scheduled;
    private boolean ended;

    public ConsumerStream(LoopContext context, Fetcher fetcher, int maxPerTurn) {
        this.context = context;
        this.fetcher = fetcher;
        this.maxPerTurn = maxPerTurn;
    }

    boolean hasHandler() {
        return handler != null;
    }

    void handler(Handler<ConsumerRecord> h) {
        handler = h;
        if (h != null) {
            schedule();
            fetcher.wakeup();
        }
    }

    void exceptionHandler(Handler<Throwable> h) {
        exceptionHandler = h;
    }

    void endHandler(Handler<Void> h) {
        endHandler = h;
    }

    /** A handler is set and wants records: the application counts as polling. */
    public boolean isFlowing() {
        return handler != null && demand > 0 && !ended;
    }

    void pause() {
        demand = 0;
    }

    void fetch(long amount) {
        demand = demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
        schedule();
    }

    /** Records or errors may be available. */
    void onData() {
        if (handler != null) {
            schedule();
        }
    }

    /** The consumer closed: no more deliveries; the end handler runs once. */
    void end() {
        ended = true;
        Handler<Void> h = endHandler;
        if (h != null) {
            h.handle(null);
        }
    }

    private void schedule() {
        if (!scheduled && !ended) {
            scheduled = true;
            context.runOnContext(v -> deliver());
        }
    }

    private void deliver() {
        scheduled = false;
        int delivered = 0;
        while (handler != null && demand > 0 && !ended && delivered < maxPerTurn) {
            RuntimeException error = fetcher.takeError();
            if (error != null) {
                report(error);
                continue;
            }
            ConsumerRecord r = fetcher.nextRecord();
            if (r == null) {
                return;
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            delivered++;
            try {
                handler.handle(r);
            } catch (RuntimeException e) {
                report(e);
            }
        }
        if (delivered == maxPerTurn) {
            schedule(); // yield the event loop, then go on
        }
    }

    private void report(Throwable t) {
        Handler<Throwable> h = exceptionHandler;
        if (h != null) {
            h.handle(t);
        } else {
            context.reportException(t);
        }
    }
}
