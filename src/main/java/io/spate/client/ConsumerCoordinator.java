package io.spate.client;

import io.spate.client.assignor.PartitionAssignor;
import io.spate.client.assignor.RebalanceProtocol;
import io.spate.client.assignor.Subscription;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A consumer's membership of its group (internal), as Kafka's ConsumerCoordinator: joins when the
 * consumer subscribes (and when it polls while out of the group), rejoins when told to, keeps the
 * member alive with {@link GroupHeartbeat}, commits in the background ({@code enable.auto.commit}),
 * and leaves on close, on unsubscribe, and when the application has not polled for
 * {@code max.poll.interval.ms}. The rounds themselves are {@link GroupRebalance}s; partitions move
 * through {@link PartitionHandover}.
 *
 * <p>States ({@link State}) and their moves:
 * <pre>
 * UNJOINED --subscribe / poll--> PREPARING           STABLE --rejoin needed--> PREPARING
 * PREPARING --commit and revocation done, JoinGroup sent--> REBALANCING
 * REBALANCING --SyncGroup answered--> ASSIGNING       ASSIGNING --listener done--> STABLE
 * PREPARING, REBALANCING, ASSIGNING --fenced (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION)--> PREPARING
 * PREPARING, REBALANCING, ASSIGNING, STABLE --unsubscribe, poll timeout--> UNJOINED
 * any but CLOSED --fatal error (e.g. FENCED_INSTANCE_ID)--> FAILED        any --close--> CLOSED
 * </pre>
 * Heartbeats are sent in PREPARING, ASSIGNING and STABLE (in REBALANCING the coordinator counts a
 * waiting JoinGroup or SyncGroup as alive). Under an eager protocol everything is revoked in
 * PREPARING; under a cooperative one (every configured assignor cooperative) the member keeps its
 * partitions, revokes in ASSIGNING only what the new assignment takes away, and then rejoins so the
 * revoked partitions can be handed out (Kafka's two-round incremental rebalance).
 *
 * <p>Confined to the consumer's context, except {@link #groupMetadata()} (any thread).
 */
final class ConsumerCoordinator {
    enum State { UNJOINED, PREPARING, REBALANCING, ASSIGNING, STABLE, FAILED, CLOSED }

    private static final System.Logger LOG = System.getLogger(ConsumerCoordinator.class.getName());

    private final ContextInternal context;
    private final GroupChannel channel;
    private final SubscriptionState subscriptions;
    private final GroupOffsets offsets;
    private final GroupHeartbeat heartbeat;
    private final PartitionHandover handover;
    private final AutoCommitter autoCommitter;
    private final MetadataWatch metadataWatch;
    private final List<PartitionAssignor> assignors;
    private final boolean cooperative;
    private final Consumer<RuntimeException> errors;
    private State state = State.UNJOINED;
    private volatile Generation generation = Generation.NO_GENERATION;
    /** Bumped whenever a round is abandoned; answers of older rounds are dropped. */
    private int epoch;
    private GroupRebalance round;
    private String rejoinReason;
    private final PollTimer pollTimer;
    /** The partitions of the last assignment and its generation, reported in the next JoinGroup. */
    private List<TopicPartition> lastAssigned = List.of();
    private int lastAssignedGeneration = Subscription.NO_GENERATION;
    /** The topic sizes this member assigned with when it last led, else null. */
    private Map<String, Integer> leaderTopicSizes;
    private SpateException failure;

    /**
     * @param applicationActive true while the application counts as polling (a poll waiting, a flowing stream)
     * @param errors            where errors for the application go (raised by the next poll or the stream)
     * @param onChange          runs when partitions or positions changed
     */
    ConsumerCoordinator(ContextInternal context, NetworkClient network, ConsumerConfig config,
                        SubscriptionState subscriptions, BooleanSupplier applicationActive,
                        Consumer<RuntimeException> errors, Runnable onChange) {
        this.context = context;
        this.channel = new GroupChannel(network, config);
        this.subscriptions = subscriptions;
        this.offsets = new GroupOffsets(channel);
        this.assignors = config.assignors();
        this.cooperative = assignors.stream().allMatch(a -> a.protocol() == RebalanceProtocol.COOPERATIVE);
        this.pollTimer = new PollTimer(network::nowMs, config.getMaxPollIntervalMs(), applicationActive);
        this.errors = errors;
        this.heartbeat = new GroupHeartbeat(context, channel, this::heartbeatGeneration, this::checkPollInterval,
                this::onHeartbeat);
        this.handover = new PartitionHandover(context, subscriptions, offsets, config, errors, onChange,
                () -> state != State.CLOSED);
        this.autoCommitter = new AutoCommitter(context, config, this::commitDue);
        this.metadataWatch = new MetadataWatch(network, subscriptions);
        network.onMetadataUpdate(this::onMetadataUpdate);
    }

    GroupHeartbeat heartbeat() {
        return heartbeat;
    }

    SpateException failure() {
        return failure;
    }

    ConsumerGroupMetadata groupMetadata() {
        Generation g = generation;
        return new ConsumerGroupMetadata(channel.groupId, g.generationId(), g.memberId(), channel.instanceId);
    }

    /** The application polled: the poll timer restarts; a member out of its group joins again. */
    void onPoll() {
        pollTimer.polled();
        if (state == State.UNJOINED && subscriptions.isGroupManaged()) {
            startJoin("the consumer polled while out of its group");
        }
    }

    /** subscribe() changed what the member asks for. */
    void onSubscriptionChanged() {
        pollTimer.polled();
        heartbeat.start();
        autoCommitter.start();
        if (state == State.UNJOINED) {
            startJoin("the consumer subscribed");
        } else {
            requestRejoin("the subscription changed");
        }
    }

    /** assign() with a group: positions come from the committed offsets; auto-commit runs. */
    void onUserAssigned(List<TopicPartition> tps) {
        autoCommitter.start();
        handover.initPositions(tps, 1);
    }

    /** unsubscribe() of a subscribed consumer: revoke (committing), leave the group, forget the generation. */
    Future<Void> unsubscribe() {
        abandonRound();
        Generation g = forgetGeneration();
        Future<Void> f = releaseAll(g, true).compose(v -> channel.leave(g, "the consumer unsubscribed"));
        if (state != State.FAILED && state != State.CLOSED) {
            transitionTo(State.UNJOINED);
        }
        return f;
    }

    /** Joins again as soon as the state allows (see the class comment). */
    void requestRejoin(String reason) {
        switch (state) {
            case STABLE -> startJoin(reason);
            case REBALANCING, ASSIGNING -> rejoinReason = reason;
            default -> {
                // PREPARING: the JoinGroup about to be sent carries the latest subscription
                // UNJOINED, FAILED, CLOSED: nothing to rejoin
            }
        }
    }

    private void startJoin(String reason) {
        int myEpoch = ++epoch;
        transitionTo(State.PREPARING);
        rejoinReason = null;
        prepare().compose(v -> subscriptions.mode() == SubscriptionState.Mode.AUTO_PATTERN
                ? channel.network.refreshMetadata().<Void>mapEmpty().recover(e -> Future.succeededFuture())
                : Future.succeededFuture()).onComplete(ar -> {
                    if (myEpoch != epoch) {
                        return;
                    }
                    subscriptions.matchPattern();
                    transitionTo(State.REBALANCING);
                    Subscription s = new Subscription(List.copyOf(subscriptions.groupTopics()), null,
                            lastAssigned, lastAssignedGeneration, Optional.empty());
                    round = new GroupRebalance(channel, assignors, generation.memberId(), s, reason);
                    round.run().onComplete(res -> {
                        if (myEpoch != epoch) {
                            return;
                        }
                        round = null;
                        if (res.failed()) {
                            fail(ProducerSender.asSpate(res.cause()));
                        } else {
                            complete(res.result(), myEpoch);
                        }
                    });
                });
    }

    /** Before a JoinGroup: eager revokes everything; a member that lost its generation loses its partitions. */
    private Future<Void> prepare() {
        List<TopicPartition> owned = subscriptions.owned();
        if (owned.isEmpty()) {
            return Future.succeededFuture();
        }
        if (!generation.isValid()) {
            lastAssigned = List.of();
            lastAssignedGeneration = Subscription.NO_GENERATION;
            return handover.lose(owned);
        }
        if (cooperative) {
            // nothing is revoked yet, so the join need not wait for this commit (a slow one would make it miss the join phase)
            autoCommitter.commitNow();
            return Future.succeededFuture();
        }
        return handover.revoke(owned, generation, false);
    }

    private void complete(GroupRebalance.Result result, int myEpoch) {
        generation = result.generation();
        leaderTopicSizes = result.leaderTopicSizes();
        transitionTo(State.ASSIGNING);
        Set<TopicPartition> assigned = new HashSet<>(result.assignment().partitions());
        List<TopicPartition> owned = subscriptions.owned();
        List<TopicPartition> revoked = owned.stream().filter(tp -> !assigned.contains(tp)).toList();
        List<TopicPartition> added = new ArrayList<>(assigned);
        added.removeAll(owned);
        added.sort(null);
        boolean cooperativeRound = isCooperative(result.generation());
        Future<Void> revocation = revoked.isEmpty() ? Future.succeededFuture()
                : handover.revoke(revoked, generation, cooperativeRound);
        revocation.compose(v -> handover.assign(added)).onComplete(ar -> {
            if (myEpoch != epoch) {
                return;
            }
            lastAssigned = subscriptions.owned();
            lastAssignedGeneration = result.generation().generationId();
            transitionTo(State.STABLE);
            if (!revoked.isEmpty() && cooperativeRound) {
                startJoin("partitions were revoked in a cooperative rebalance");
            } else if (rejoinReason != null) {
                startJoin(rejoinReason);
            }
        });
    }

    private boolean isCooperative(Generation g) {
        return assignors.stream().anyMatch(a -> a.name().equals(g.protocolName())
                && a.protocol() == RebalanceProtocol.COOPERATIVE);
    }

    private Generation heartbeatGeneration() {
        return state == State.PREPARING || state == State.ASSIGNING || state == State.STABLE ? generation : null;
    }

    private void onHeartbeat(ErrorCode error) {
        switch (error) {
            case REBALANCE_IN_PROGRESS -> {
                if (state == State.STABLE || state == State.ASSIGNING) {
                    requestRejoin("the group is rebalancing");
                }
            }
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> fenced(error);
            case FENCED_INSTANCE_ID -> fail(new SpateException(error, "group '" + channel.groupId + "': another "
                    + "consumer with group.instance.id '" + channel.instanceIdOrNull() + "' took this one's place"));
            default -> {
                // NONE; coordinator and connection errors: the lookup forgot the coordinator, the next tick finds it
            }
        }
    }

    /** The coordinator no longer knows this generation: the partitions are lost, join again. */
    private void fenced(ErrorCode error) {
        if (state == State.UNJOINED || state == State.FAILED || state == State.CLOSED) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "group {0}: member {1} fenced ({2}); rejoining", channel.groupId,
                generation.memberId(), error);
        generation = error == ErrorCode.UNKNOWN_MEMBER_ID ? Generation.NO_GENERATION : generation.withoutGeneration();
        abandonRound();
        startJoin("the member was fenced: " + error);
    }

    /** At each heartbeat tick: leave the group when the application has not polled in max.poll.interval.ms. */
    private void checkPollInterval() {
        boolean member = state == State.PREPARING || state == State.REBALANCING || state == State.ASSIGNING
                || state == State.STABLE;
        if (pollTimer.expired() && member) {
            LOG.log(System.Logger.Level.WARNING, "group {0}: no poll for more than {1} = {2} ms; leaving the group",
                    channel.groupId, ConsumerConfig.MAX_POLL_INTERVAL_MS, channel.config.getMaxPollIntervalMs());
            abandonRound();
            Generation g = forgetGeneration();
            List<TopicPartition> owned = subscriptions.owned();
            Future<Void> lost = owned.isEmpty() ? Future.succeededFuture() : handover.lose(owned);
            lost.compose(v -> channel.leave(g, "consumer poll timeout has expired"));
            transitionTo(State.UNJOINED);
        }
    }

    private void onMetadataUpdate() {
        if (state == State.FAILED || state == State.CLOSED || !subscriptions.isGroupManaged()) {
            return;
        }
        String reason = metadataWatch.rejoinReason(state == State.STABLE ? leaderTopicSizes : null);
        if (reason != null) {
            requestRejoin(reason);
        }
    }

    /** Commits {@code offsets}: in the group's generation when subscribed, else as a standalone commit. */
    Future<Void> commit(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        Generation g = subscriptions.isGroupManaged() ? generation : Generation.NO_GENERATION;
        return offsets.commit(toCommit, g, isCooperative(g)).onFailure(err -> {
            if (err instanceof CommitFailedException cfe && cfe.error() != ErrorCode.REBALANCE_IN_PROGRESS
                    && generation == g && g.isValid()) {
                fenced(cfe.error());
            }
        });
    }

    Future<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> tps) {
        return offsets.fetch(List.copyOf(tps));
    }

    /** The auto-commit timer's due commit: the consumed positions, when the member may commit. */
    private Future<Void> commitDue() {
        boolean mayCommit = subscriptions.mode() == SubscriptionState.Mode.USER_ASSIGNED
                || state == State.STABLE || state == State.ASSIGNING || (cooperative && state == State.PREPARING);
        if (!mayCommit) {
            return Future.succeededFuture();
        }
        return commit(subscriptions.committablePositions(null));
    }

    /**
     * Leaves for good, bounded by request.timeout.ms: commits (auto-commit), revokes with the
     * listener, sends LeaveGroup (dynamic members); then CLOSED.
     */
    Future<Void> close() {
        if (state == State.CLOSED) {
            return Future.succeededFuture();
        }
        abandonRound();
        heartbeat.stop();
        autoCommitter.stop();
        Promise<Void> done = context.promise();
        long timer = context.setTimer(channel.config.getRequestTimeoutMs(), id -> done.tryComplete());
        Generation g = generation;
        boolean member = subscriptions.isGroupManaged();
        Future<Void> leave = member && state != State.FAILED
                ? releaseAll(g, true).compose(v -> channel.leave(g, "the consumer is closing"))
                : releaseAll(g, member);
        leave.onComplete(ar -> {
            context.owner().cancelTimer(timer);
            done.tryComplete();
        });
        return done.future().andThen(ar -> {
            generation = Generation.NO_GENERATION;
            transitionTo(State.CLOSED);
        });
    }

    /** Revokes everything owned (lost when the generation is gone, for a group member). */
    private Future<Void> releaseAll(Generation g, boolean member) {
        List<TopicPartition> owned = subscriptions.owned();
        if (owned.isEmpty()) {
            return Future.succeededFuture();
        }
        if (member && !g.isValid()) {
            return handover.lose(owned);
        }
        return handover.revoke(owned, member ? g : Generation.NO_GENERATION, isCooperative(g));
    }

    /** Out of the group: no generation, nothing owned to report; returns the generation that was. */
    private Generation forgetGeneration() {
        Generation g = generation;
        generation = Generation.NO_GENERATION;
        lastAssigned = List.of();
        lastAssignedGeneration = Subscription.NO_GENERATION;
        return g;
    }

    private void abandonRound() {
        epoch++;
        rejoinReason = null;
        if (round != null) {
            round.cancel();
            round = null;
        }
    }

    private void fail(SpateException error) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "group {0}: the consumer cannot stay in the group: {1}",
                channel.groupId, error.getMessage());
        abandonRound();
        failure = error;
        transitionTo(State.FAILED);
        heartbeat.stop();
        autoCommitter.stop();
        List<TopicPartition> owned = subscriptions.owned();
        if (!owned.isEmpty()) {
            handover.lose(owned);
        }
        errors.accept(error);
    }

    private void transitionTo(State next) {
        boolean allowed = switch (next) {
            case PREPARING -> state == State.UNJOINED || state == State.STABLE || state == State.PREPARING
                    || state == State.ASSIGNING || state == State.REBALANCING;
            case REBALANCING -> state == State.PREPARING;
            case ASSIGNING -> state == State.REBALANCING;
            case STABLE -> state == State.ASSIGNING;
            case UNJOINED -> state != State.CLOSED && state != State.FAILED;
            case FAILED -> state != State.CLOSED;
            case CLOSED -> true;
        };
        if (!allowed) {
            throw new IllegalStateException("group member: " + state + " -> " + next);
        }
        state = next;
    }
}
