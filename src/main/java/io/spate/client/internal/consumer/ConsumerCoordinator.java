package io.spate.client.internal.consumer;

import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerGroupMetadata;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A consumer's membership of its group (internal), as Kafka's ConsumerCoordinator: joins when the
 * consumer subscribes (and when it polls while out of the group), rejoins when told to, keeps the
 * member alive with {@link GroupHeartbeat}, commits in the background ({@code enable.auto.commit}),
 * and leaves on close, on unsubscribe, and when the application has not polled for
 * {@code max.poll.interval.ms}. It owns the member's parts and carries out what happens to it:
 * <ul>
 * <li>{@link GroupJoin}: the member's {@link MemberState} (the states and their moves are listed
 *     there) and generation, and the join cycle (prepare, {@link GroupRebalance} round, apply the
 *     assignment);</li>
 * <li>{@link MemberErrors}: what Heartbeat answers and refused commits mean (rejoin, fenced, fatal);</li>
 * <li>{@link PartitionHandover}: partitions moving in and out, with the rebalance listener;</li>
 * <li>{@link GroupOffsets}, {@link AutoCommitter}, {@link PollTimer}, {@link MetadataWatch}.</li>
 * </ul>
 * Under an eager protocol everything is revoked in PREPARING; under a cooperative one (every
 * configured assignor cooperative) the member keeps its partitions, revokes in ASSIGNING only what
 * the new assignment takes away, and then rejoins so the revoked partitions can be handed out
 * (Kafka's two-round incremental rebalance).
 *
 * <p>Confined to the consumer's context, except {@link #groupMetadata()} (any thread).
 */
public final class ConsumerCoordinator {
    private static final System.Logger LOG = System.getLogger(ConsumerCoordinator.class.getName());

    private final LoopContext context;
    private final GroupChannel channel;
    private final SubscriptionState subscriptions;
    private final GroupOffsets offsets;
    private final GroupHeartbeat heartbeat;
    private final PartitionHandover handover;
    private final AutoCommitter autoCommitter;
    private final MetadataWatch metadataWatch;
    private final GroupJoin join;
    private final Consumer<RuntimeException> errors;
    private final PollTimer pollTimer;
    private SpateException failure;

    /**
     * @param applicationActive true while the application counts as polling (a poll waiting, a flowing stream)
     * @param errors            where errors for the application go (raised by the next poll or the stream)
     * @param onChange          runs when partitions or positions changed
     */
    public ConsumerCoordinator(LoopContext context, NetworkClient network, ConsumerConfig config,
                               SubscriptionState subscriptions, BooleanSupplier applicationActive,
                               Consumer<RuntimeException> errors, Runnable onChange) {
        this.context = context;
        this.channel = new GroupChannel(network, config);
        this.subscriptions = subscriptions;
        this.offsets = new GroupOffsets(channel);
        this.pollTimer = new PollTimer(network::nowMs, config.getMaxPollIntervalMs(), applicationActive);
        this.errors = errors;
        this.heartbeat = new GroupHeartbeat(context, channel, this::heartbeatGeneration, this::checkPollInterval,
                this::onHeartbeat);
        this.handover = new PartitionHandover(context, subscriptions, offsets, config, errors, onChange,
                this::isOpen);
        this.autoCommitter = new AutoCommitter(context, config, this::commitDue);
        this.join = new GroupJoin(channel, subscriptions, handover, autoCommitter, config.assignors(), this::fail);
        this.metadataWatch = new MetadataWatch(network, subscriptions);
        network.onMetadataUpdate(this::onMetadataUpdate);
    }

    /** The member's heartbeat; on the consumer's context only. */
    public GroupHeartbeat heartbeat() {
        return heartbeat;
    }

    SpateException failure() {
        return failure;
    }

    ConsumerGroupMetadata groupMetadata() {
        Generation g = join.generation();
        return new ConsumerGroupMetadata(channel.groupId, g.generationId(), g.memberId(), channel.instanceId);
    }

    /** The application polled: the poll timer restarts; a member out of its group joins again. */
    void onPoll() {
        pollTimer.polled();
        if (join.state() == MemberState.UNJOINED && subscriptions.isGroupManaged()) {
            join.startJoin("the consumer polled while out of its group");
        }
    }

    /** subscribe() changed what the member asks for. */
    void onSubscriptionChanged() {
        pollTimer.polled();
        heartbeat.start();
        autoCommitter.start();
        if (join.state() == MemberState.UNJOINED) {
            join.startJoin("the consumer subscribed");
        } else {
            join.requestRejoin("the subscription changed");
        }
    }

    /** assign() with a group: positions come from the committed offsets; auto-commit runs. */
    void onUserAssigned(List<TopicPartition> tps) {
        autoCommitter.start();
        handover.initPositions(tps, 1);
    }

    /** unsubscribe() of a subscribed consumer: revoke (committing), leave the group, forget the generation. */
    Future<Void> unsubscribe() {
        join.abandonRound();
        Generation g = join.forgetGeneration();
        Future<Void> f = releaseAll(g, true).compose(v -> channel.leave(g, "the consumer unsubscribed"));
        if (join.state() != MemberState.FAILED && join.state() != MemberState.CLOSED) {
            join.transitionTo(MemberState.UNJOINED);
        }
        return f;
    }

    private boolean isOpen() {
        return join.state() != MemberState.CLOSED;
    }

    private Generation heartbeatGeneration() {
        return join.state().sendsHeartbeats() ? join.generation() : null;
    }

    private void onHeartbeat(ErrorCode error) {
        switch (MemberErrors.ofHeartbeat(error)) {
            case REJOIN -> {
                if (join.state() == MemberState.STABLE || join.state() == MemberState.ASSIGNING) {
                    join.requestRejoin("the group is rebalancing");
                }
            }
            case FENCED -> join.fenced(error);
            case FATAL -> fail(MemberErrors.fatal(error, channel));
            case NONE -> {
                // see MemberErrors.Reaction.NONE
            }
        }
    }

    /** At each heartbeat tick: leave the group when the application has not polled in max.poll.interval.ms. */
    private void checkPollInterval() {
        if (pollTimer.expired() && join.state().inGroup()) {
            LOG.log(System.Logger.Level.WARNING, "group {0}: no poll for more than {1} = {2} ms; leaving the group",
                    channel.groupId, ConsumerConfig.MAX_POLL_INTERVAL_MS, channel.config.getMaxPollIntervalMs());
            join.abandonRound();
            Generation g = join.forgetGeneration();
            List<TopicPartition> owned = subscriptions.owned();
            Future<Void> lost = owned.isEmpty() ? Future.succeededFuture() : handover.lose(owned);
            lost.compose(v -> channel.leave(g, "consumer poll timeout has expired"));
            join.transitionTo(MemberState.UNJOINED);
        }
    }

    private void onMetadataUpdate() {
        MemberState state = join.state();
        if (state == MemberState.FAILED || state == MemberState.CLOSED || !subscriptions.isGroupManaged()) {
            return;
        }
        String reason = metadataWatch.rejoinReason(join.leaderTopicSizesIfStable());
        if (reason != null) {
            join.requestRejoin(reason);
        }
    }

    /** Commits {@code offsets}: in the group's generation when subscribed, else as a standalone commit. */
    Future<Void> commit(Map<TopicPartition, OffsetAndMetadata> toCommit) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        Generation g = subscriptions.isGroupManaged() ? join.generation() : Generation.NO_GENERATION;
        return offsets.commit(toCommit, g, join.isCooperative(g)).onFailure(err -> {
            ErrorCode fencing = MemberErrors.fencingError(err);
            if (fencing != null && join.generation() == g && g.isValid()) {
                join.fenced(fencing);
            }
        });
    }

    Future<Map<TopicPartition, OffsetAndMetadata>> committed(Set<TopicPartition> tps) {
        return offsets.fetch(List.copyOf(tps));
    }

    /** The auto-commit timer's due commit: the consumed positions, when the member may commit. */
    private Future<Void> commitDue() {
        MemberState state = join.state();
        boolean mayCommit = subscriptions.mode() == SubscriptionState.Mode.USER_ASSIGNED
                || state == MemberState.STABLE || state == MemberState.ASSIGNING
                || (join.cooperative() && state == MemberState.PREPARING);
        if (!mayCommit) {
            return Future.succeededFuture();
        }
        return commit(subscriptions.committablePositions(null));
    }

    /**
     * Leaves for good, bounded by request.timeout.ms: commits (auto-commit), revokes with the
     * listener, sends LeaveGroup (dynamic members); then CLOSED.
     */
    public Future<Void> close() {
        if (join.state() == MemberState.CLOSED) {
            return Future.succeededFuture();
        }
        Generation leaving = join.leavingGeneration(); // before the round under way is dropped
        join.abandonRound();
        heartbeat.stop();
        autoCommitter.stop();
        Promise<Void> done = context.promise();
        long timer = context.setTimer(channel.config.getRequestTimeoutMs(), id -> done.tryComplete());
        Generation g = join.generation();
        boolean member = subscriptions.isGroupManaged();
        Future<Void> leave = member && join.state() != MemberState.FAILED
                ? releaseAll(g, true).compose(v -> channel.leave(leaving, "the consumer is closing"))
                : releaseAll(g, member);
        leave.onComplete(ar -> {
            context.cancelTimer(timer);
            done.tryComplete();
        });
        return done.future().andThen(ar -> join.close());
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
        return handover.revoke(owned, member ? g : Generation.NO_GENERATION, join.isCooperative(g));
    }

    /** The member cannot stay in the group: FAILED, its partitions lost, the error raised to the application. */
    private void fail(SpateException error) {
        if (join.state() == MemberState.CLOSED) {
            return;
        }
        LOG.log(System.Logger.Level.ERROR, "group {0}: the consumer cannot stay in the group: {1}",
                channel.groupId, error.getMessage());
        join.abandonRound();
        failure = error;
        join.transitionTo(MemberState.FAILED);
        heartbeat.stop();
        autoCommitter.stop();
        List<TopicPartition> owned = subscriptions.owned();
        if (!owned.isEmpty()) {
            handover.lose(owned);
        }
        errors.accept(error);
    }
}
