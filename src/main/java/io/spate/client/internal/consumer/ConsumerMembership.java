package io.spate.client.internal.consumer;

import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerGroupMetadata;
import io.spate.client.ConsumerRebalanceListener;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.SpateConsumer;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@link SpateConsumer} reads and for whom (internal): its partitions assigned by the
 * application or by its group (subscription by topics or pattern, unsubscribe), and the group's
 * offsets of them (commits, committed offsets) and group metadata, all through its
 * {@link ConsumerCoordinator}. The argument checks and the user-facing assignment mode are
 * updated on the caller's thread (so that a wrong mix of assign and subscribe throws there);
 * {@link SubscriptionState} and the coordinator are then driven on the consumer's context.
 *
 * <p>Threading: called from any thread; the work is queued on the consumer's context in call
 * order through the {@link ConsumerLifecycle}; the returned Futures complete there.
 * {@link #commitSync} blocks its (non-Vert.x) caller.
 */
public final class ConsumerMembership {
    private final ConsumerLifecycle lifecycle;
    private final ConsumerConfig config;
    private final SubscriptionState subscriptions;
    /** Null without a group.id. */
    private final ConsumerCoordinator coordinator;
    private final Runnable onChange;

    /** @param onChange runs on the context when an unsubscribe changed the partitions */
    public ConsumerMembership(ConsumerLifecycle lifecycle, ConsumerConfig config, SubscriptionState subscriptions,
                              ConsumerCoordinator coordinator, Runnable onChange) {
        this.lifecycle = lifecycle;
        this.config = config;
        this.subscriptions = subscriptions;
        this.coordinator = coordinator;
        this.onChange = onChange;
    }

    /** See {@link SpateConsumer#assign}. */
    public void assign(Collection<TopicPartition> tps) {
        if (tps.isEmpty()) {
            unsubscribe(); // as Kafka: assigning nothing is unsubscribing
            return;
        }
        Set<TopicPartition> next = Set.copyOf(tps);
        subscriptions.setUserAssignment(next);
        lifecycle.onContext(() -> {
            subscriptions.assignManual(next, coordinator != null);
            if (coordinator != null) {
                coordinator.onUserAssigned(List.copyOf(next));
            }
        });
    }

    public Set<TopicPartition> assignment() {
        return subscriptions.assignment();
    }

    /** See {@link SpateConsumer#subscribe(Collection, ConsumerRebalanceListener)}. */
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        if (topics.isEmpty()) {
            unsubscribe();
            return;
        }
        Set<String> copy = SubscriptionState.checkTopics(topics);
        startSubscription(SubscriptionState.Mode.AUTO_TOPICS, listener, () -> subscriptions.subscribe(copy, listener));
    }

    /** See {@link SpateConsumer#subscribe(Pattern, ConsumerRebalanceListener)}. */
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        startSubscription(SubscriptionState.Mode.AUTO_PATTERN, listener, () -> subscriptions.subscribe(pattern, listener));
    }

    private void startSubscription(SubscriptionState.Mode mode, ConsumerRebalanceListener listener, Runnable apply) {
        if (listener == null) {
            throw new IllegalArgumentException("the rebalance listener must not be null (use ConsumerRebalanceListener.NONE)");
        }
        requireGroup("subscribe");
        subscriptions.setMode(mode);
        lifecycle.onContext(() -> {
            apply.run();
            coordinator.onSubscriptionChanged();
        });
    }

    /** See {@link SpateConsumer#unsubscribe()}. */
    public Future<Void> unsubscribe() {
        boolean wasSubscribed = subscriptions.isGroupManaged();
        boolean wasAssigned = subscriptions.mode() == SubscriptionState.Mode.USER_ASSIGNED;
        subscriptions.setUserAssignment(Set.of());
        Promise<Void> done = lifecycle.context().promise();
        lifecycle.onContext(() -> {
            Future<Void> f = wasSubscribed ? coordinator.unsubscribe() : Future.succeededFuture();
            f.onComplete(ar -> {
                subscriptions.clearSubscription();
                if (wasAssigned) {
                    subscriptions.assignManual(List.of(), false);
                }
                onChange.run();
                done.complete();
            });
        });
        return done.future();
    }

    /** See {@link SpateConsumer#subscription()}. */
    public Set<String> subscription() {
        return subscriptions.isGroupManaged() ? subscriptions.groupTopics() : Set.of();
    }

    /** Commits the position of every partition of the consumer; see {@link SpateConsumer#commitAsync()}. */
    public Future<Void> commitAsync() {
        requireGroup("commitAsync");
        return lifecycle.onContextFuture(() -> coordinator.commit(subscriptions.committablePositions(null)));
    }

    /** See {@link SpateConsumer#commitAsync(Map)}. */
    public Future<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        requireGroup("commitAsync");
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        return lifecycle.onContextFuture(() -> coordinator.commit(copy));
    }

    /** {@link #commitAsync()}, blocking; never on a Vert.x thread. */
    public void commitSync() {
        Blocking.requireNotOnVertxThread("SpateConsumer.commitSync");
        awaitCommit(commitAsync());
    }

    /** {@link #commitAsync(Map)}, blocking; never on a Vert.x thread. */
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Blocking.requireNotOnVertxThread("SpateConsumer.commitSync");
        awaitCommit(commitAsync(offsets));
    }

    private void awaitCommit(Future<Void> commit) {
        Blocking.await(commit, Duration.ofMillis(config.getDefaultApiTimeoutMs()).plusSeconds(30));
    }

    /** See {@link SpateConsumer#committed}. */
    public Future<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> tps) {
        requireGroup("committed");
        Set<TopicPartition> copy = Set.copyOf(tps);
        return lifecycle.onContextFuture(() -> coordinator.committed(copy));
    }

    public ConsumerGroupMetadata groupMetadata() {
        requireGroup("groupMetadata");
        return coordinator.groupMetadata();
    }

    private void requireGroup(String what) {
        if (coordinator == null) {
            throw new IllegalStateException(what + " needs a consumer group: set " + ConsumerConfig.GROUP_ID);
        }
    }
}
