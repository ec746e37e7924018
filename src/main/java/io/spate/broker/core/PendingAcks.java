package io.spate.broker.core;

import io.spate.protocol.ErrorCode;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.LongFunction;

/**
 * The {@code acks=all} answers a partition owes, in log order: each waits until its last offset is
 * durable here and, on a replicated partition, in every in-sync replica. Confined to the partition
 * writer's context.
 */
final class PendingAcks {
    /** Whether an ack whose records end at {@code endOffset} may be answered now, and how. */
    interface Verdict {
        /** null: keep waiting; else the answer (the prepared result, or an error). */
        AppendResult answer(long endOffset, AppendResult ok);
    }

    private record Pending(long endOffset, Promise<AppendResult> promise, AppendResult result) {
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    void add(long endOffset, Promise<AppendResult> promise, AppendResult result) {
        queue.add(new Pending(endOffset, promise, result));
    }

    /** Answers, in order, every ack that ends at or below {@code durable} and that {@code verdict} lets go. */
    void complete(long durable, Verdict verdict) {
        while (!queue.isEmpty() && queue.peek().endOffset() <= durable) {
            Pending p = queue.peek();
            AppendResult answer = verdict.answer(p.endOffset(), p.result());
            if (answer == null) {
                return;
            }
            queue.poll();
            p.promise().complete(answer);
        }
    }

    /**
     * Answers every ack: those ending at or below {@code durable} with their result, the others
     * with {@code failure} (given the end offset).
     */
    void drain(long durable, LongFunction<AppendResult> failure) {
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            p.promise().complete(p.endOffset() <= durable ? p.result() : failure.apply(p.endOffset()));
        }
    }

    /** Fails every ack (this replica stopped leading: none of them can be answered any more). */
    void failAll(ErrorCode error, String message) {
        drain(-1, end -> AppendResult.failed(error, message));
    }
}
