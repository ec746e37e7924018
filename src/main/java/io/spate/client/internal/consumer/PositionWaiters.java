package io.spate.client.internal.consumer;

import io.spate.client.ConsumerConfig;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Callers of {@link io.spate.client.SpateConsumer#position} waiting for a partition's position to become known
 * (internal): each completes when its partition is FETCHABLE, fails with the partition's error when
 * it is FAILED, or fails with REQUEST_TIMED_OUT at its deadline.
 *
 * <p>Threading: confined to the consumer's context.
 */
public final class PositionWaiters {
    private record Waiter(TopicPartition tp, Promise<Long> promise, long deadlineMs) {
    }

    private final LoopContext context;
    private final Map<TopicPartition, PartitionFetchState> partitions;
    private final long timeoutMs;
    private final List<Waiter> waiters = new ArrayList<>();

    public PositionWaiters(LoopContext context, Map<TopicPartition, PartitionFetchState> partitions, long timeoutMs) {
        this.context = context;
        this.partitions = partitions;
        this.timeoutMs = timeoutMs;
    }

    void add(TopicPartition tp, Promise<Long> promise) {
        waiters.add(new Waiter(tp, promise, System.currentTimeMillis() + timeoutMs));
        context.setTimer(timeoutMs, id -> check());
        check();
    }

    /** Completes the waiters whose partition state allows it; call after any state change. */
    void check() {
        long now = System.currentTimeMillis();
        waiters.removeIf(w -> {
            PartitionFetchState st = partitions.get(w.tp());
            if (st == null) {
                w.promise().tryFail(new IllegalStateException(w.tp() + " is not assigned to this consumer"));
            } else if (st.state() == PartitionFetchState.State.FETCHABLE || st.hasCommittablePosition()) {
                w.promise().tryComplete(st.position());
            } else if (st.state() == PartitionFetchState.State.FAILED) {
                w.promise().tryFail(st.failure());
            } else if (now >= w.deadlineMs()) {
                w.promise().tryFail(new SpateException(ErrorCode.REQUEST_TIMED_OUT, "no position for " + w.tp()
                        + " within " + ConsumerConfig.DEFAULT_API_TIMEOUT_MS + " " + timeoutMs + " ms"));
            } else {
                return false;
            }
            return true;
        });
    }

    /** Fails every waiter: the consumer closed. */
    void failAll(Throwable cause) {
        waiters.forEach(w -> w.promise().tryFail(cause));
        waiters.clear();
    }
}
