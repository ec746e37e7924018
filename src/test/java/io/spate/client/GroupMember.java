package io.spate.client;

import io.spate.protocol.TopicPartition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A group consumer under test: its rebalance listener records every callback ("assigned:[t-0]"),
 * and an asynchronous poll loop (on the consumer's own context, so many members run side by side
 * without threads) collects every record with the time it arrived.
 */
final class GroupMember {
    /** A record as the member got it, with the arrival time. */
    record Received(ConsumerRecord record, long atNanos) {
    }

    final String name;
    final SpateConsumer consumer;
    final List<String> events = new CopyOnWriteArrayList<>();
    final Queue<Received> received = new ConcurrentLinkedQueue<>();
    final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    /** What onPartitionsRevoked returns, given the partitions (default: done at once). */
    volatile Function<Collection<TopicPartition>, Future<Void>> onRevoke = tps -> Future.succeededFuture();
    private volatile boolean polling;
    /** The consumer's context, where the rebalance listener runs; known once it ran. */
    private volatile Context context;

    private final ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
        @Override
        public Future<Void> onPartitionsRevoked(Collection<TopicPartition> tps) {
            context = Vertx.currentContext();
            events.add("revoked:" + new TreeSet<>(tps));
            return onRevoke.apply(tps).andThen(ar -> owned.removeAll(tps));
        }

        @Override
        public Future<Void> onPartitionsAssigned(Collection<TopicPartition> tps) {
            context = Vertx.currentContext();
            events.add("assigned:" + new TreeSet<>(tps));
            owned.addAll(tps);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> onPartitionsLost(Collection<TopicPartition> tps) {
            context = Vertx.currentContext();
            events.add("lost:" + new TreeSet<>(tps));
            owned.removeAll(tps);
            return Future.succeededFuture();
        }
    };

    GroupMember(String name, ConsumerConfig config) {
        this.name = name;
        this.consumer = SpateConsumer.create(config);
    }

    GroupMember(String name, Vertx vertx, ConsumerConfig config) {
        this.name = name;
        this.consumer = SpateConsumer.create(vertx, config);
    }

    GroupMember subscribe(String... topics) {
        consumer.subscribe(List.of(topics), listener);
        return this;
    }

    GroupMember subscribe(Pattern pattern) {
        consumer.subscribe(pattern, listener);
        return this;
    }

    /** Starts the poll loop. */
    GroupMember poll() {
        polling = true;
        pollOnce();
        return this;
    }

    private void pollOnce() {
        if (!polling) {
            return;
        }
        consumer.pollAsync(Duration.ofMillis(100)).onComplete(ar -> {
            if (ar.succeeded()) {
                long now = System.nanoTime();
                ar.result().forEach(r -> received.add(new Received(r, now)));
            } else {
                errors.add(ar.cause());
                if (ar.cause() instanceof IllegalStateException) {
                    polling = false; // closed
                    return;
                }
            }
            pollOnce();
        });
    }

    /**
     * Runs {@code action} on the consumer's context, where its internals live, and waits for it;
     * the rebalance listener must have run once (it tells which context that is).
     */
    void onConsumerContext(Runnable action) {
        Context c = context;
        if (c == null) {
            throw new IllegalStateException(name + ": the rebalance listener has not run yet");
        }
        Promise<Void> done = Promise.promise();
        c.runOnContext(v -> {
            try {
                action.run();
                done.complete();
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        Blocking.await(done.future(), Duration.ofSeconds(30));
    }

    void stopPolling() {
        polling = false;
    }

    Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    /** The values received, in arrival order. */
    List<String> values() {
        return received.stream().map(r -> r.record().valueString()).toList();
    }

    void close() {
        polling = false;
        Blocking.await(consumer.close(), Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return name + " " + assignment() + " " + events;
    }
}
