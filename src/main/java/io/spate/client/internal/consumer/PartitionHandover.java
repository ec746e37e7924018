package io.spate.client.internal.consumer;

import io.spate.client.ConsumerConfig;
import io.spate.client.internal.network.Backoff;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Moves partitions into and out of a group consumer (internal), with the rebalance listener's
 * callbacks and the commits Kafka makes around them:
 * <ul>
 * <li>{@link #revoke}: the partitions stop handing out records, their positions are committed
 *     (auto-commit), {@code onPartitionsRevoked} runs, then they are gone;</li>
 * <li>{@link #lose}: as revoke, without the commit and with {@code onPartitionsLost};</li>
 * <li>{@link #assign}: the partitions are added (waiting for their committed offsets),
 *     {@code onPartitionsAssigned} runs (it may seek), then the committed offsets of those not
 *     sought are fetched and applied — retried until they come or the partition is gone; one with
 *     none starts per auto.offset.reset.</li>
 * </ul>
 * A callback that fails or throws is reported ({@code errors}) and the handover goes on. The commit
 * before a revocation is waited for at most {@link #commitWaitMs} (the smaller of request.timeout.ms
 * and half of max.poll.interval.ms, the rebalance timeout), so that a slow commit cannot make the
 * member miss the join phase; the revocation goes on after it either way.
 *
 * <p>Confined to the consumer's context.
 */
final class PartitionHandover {
    private final LoopContext context;
    private final SubscriptionState subscriptions;
    private final GroupOffsets offsets;
    private final boolean autoCommit;
    private final long commitWaitMs;
    private final Consumer<RuntimeException> errors;
    private final Runnable onChange;
    private final BooleanSupplier active;

    PartitionHandover(LoopContext context, SubscriptionState subscriptions, GroupOffsets offsets,
                      ConsumerConfig config, Consumer<RuntimeException> errors, Runnable onChange,
                      BooleanSupplier active) {
        this.context = context;
        this.subscriptions = subscriptions;
        this.offsets = offsets;
        this.autoCommit = config.isEnableAutoCommit();
        this.commitWaitMs = Math.max(1, Math.min(config.getRequestTimeoutMs(), config.getMaxPollIntervalMs() / 2));
        this.errors = errors;
        this.onChange = onChange;
        this.active = active;
    }

    /** Revokes {@code tps}, committing their positions first as {@code generation} when auto-committing. */
    Future<Void> revoke(List<TopicPartition> tps, Generation generation, boolean cooperative) {
        subscriptions.startRevoking(tps);
        Future<Void> commit = autoCommit
                ? bounded(offsets.commit(subscriptions.committablePositions(tps), generation, cooperative))
                : Future.succeededFuture();
        return commit.compose(v -> call("onPartitionsRevoked",
                        () -> subscriptions.listener().onPartitionsRevoked(tps)))
                .andThen(ar -> removed(tps));
    }

    Future<Void> lose(List<TopicPartition> tps) {
        subscriptions.startRevoking(tps);
        return call("onPartitionsLost", () -> subscriptions.listener().onPartitionsLost(tps))
                .andThen(ar -> removed(tps));
    }

    Future<Void> assign(List<TopicPartition> tps) {
        List<TopicPartition> added = subscriptions.add(tps, true);
        onChange.run();
        return call("onPartitionsAssigned", () -> subscriptions.listener().onPartitionsAssigned(tps))
                .andThen(ar -> initPositions(added, 1));
    }

    /** Starts committed-offset lookups for {@code tps} that are still INITIALIZING (user assign() too). */
    void initPositions(Collection<TopicPartition> tps, int attempt) {
        List<TopicPartition> pending = subscriptions.initializing(tps);
        if (pending.isEmpty() || !active.getAsBoolean()) {
            return;
        }
        offsets.fetch(pending).onComplete(ar -> {
            if (ar.succeeded()) {
                subscriptions.applyCommitted(pending, ar.result());
                onChange.run();
            } else if (active.getAsBoolean()) {
                context.setTimer(offsetsBackoff(attempt), id -> initPositions(pending, attempt + 1));
            }
        });
    }

    /** {@code commit}'s end, or {@link #commitWaitMs} from now; never fails (the new owner re-reads from the last commit). */
    private Future<Void> bounded(Future<Void> commit) {
        io.vertx.core.Promise<Void> done = context.promise();
        long timer = context.setTimer(commitWaitMs, id -> done.tryComplete());
        commit.onComplete(ar -> {
            context.cancelTimer(timer);
            done.tryComplete();
        });
        return done.future();
    }

    private long offsetsBackoff(int attempt) {
        return Math.max(1, Backoff.exponential(100, 1_000, attempt));
    }

    private void removed(List<TopicPartition> tps) {
        subscriptions.remove(tps);
        onChange.run();
    }

    private Future<Void> call(String what, Supplier<Future<Void>> callback) {
        Future<Void> f;
        try {
            f = callback.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        if (f == null) {
            return Future.succeededFuture();
        }
        // the listener's Future may complete elsewhere: go on on the consumer's context
        io.vertx.core.Promise<Void> here = context.promise();
        f.onComplete(here);
        return here.future().recover(err -> {
            errors.accept(err instanceof RuntimeException re ? re
                    : new CompletionException("rebalance listener " + what + " failed", err));
            return Future.succeededFuture();
        });
    }
}
