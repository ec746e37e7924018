package io.spate.client.internal.consumer;

import io.spate.client.assignor.PartitionAssignor;
import io.spate.client.assignor.RebalanceProtocol;
import io.spate.client.assignor.Subscription;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A group member's place in its group and the joins that move it (internal): it holds the
 * member's {@link MemberState} and {@link Generation}, and runs each join: prepare (under an eager
 * protocol revoke everything, under a cooperative one start an auto-commit; a member that lost its
 * generation loses its partitions), one {@link GroupRebalance} round (JoinGroup, assignment, SyncGroup),
 * then apply the assignment through {@link PartitionHandover} (cooperative: revoke what it takes
 * away, then rejoin so those partitions can be handed out). A rejoin asked for while a round runs
 * happens when it is applied. Each abandoned round bumps an epoch, and the answers of older rounds
 * are dropped. Fatal round errors go to {@code onFatal}, which fails the member.
 *
 * <p>Confined to the consumer's context, except {@link #generation()} (any thread).
 */
final class GroupJoin {
    private static final System.Logger LOG = System.getLogger(GroupJoin.class.getName());

    private final GroupChannel channel;
    private final SubscriptionState subscriptions;
    private final PartitionHandover handover;
    private final AutoCommitter autoCommitter;
    private final List<PartitionAssignor> assignors;
    private final boolean cooperative;
    private final Consumer<SpateException> onFatal;
    private MemberState state = MemberState.UNJOINED;
    private volatile Generation generation = Generation.NO_GENERATION;
    /** Bumped whenever a round is abandoned; answers of older rounds are dropped. */
    private int epoch;
    private GroupRebalance round;
    private String rejoinReason;
    /** The partitions of the last assignment and its generation, reported in the next JoinGroup. */
    private List<TopicPartition> lastAssigned = List.of();
    private int lastAssignedGeneration = Subscription.NO_GENERATION;
    /** The topic sizes this member assigned with when it last led, else null. */
    private Map<String, Integer> leaderTopicSizes;

    /** @param onFatal a round failed for good: the member cannot be in the group */
    GroupJoin(GroupChannel channel, SubscriptionState subscriptions, PartitionHandover handover,
              AutoCommitter autoCommitter, List<PartitionAssignor> assignors, Consumer<SpateException> onFatal) {
        this.channel = channel;
        this.subscriptions = subscriptions;
        this.handover = handover;
        this.autoCommitter = autoCommitter;
        this.assignors = assignors;
        this.cooperative = assignors.stream().allMatch(a -> a.protocol() == RebalanceProtocol.COOPERATIVE);
        this.onFatal = onFatal;
    }

    MemberState state() {
        return state;
    }

    Generation generation() {
        return generation;
    }

    /** Every configured assignor is cooperative: the member keeps its partitions while it rejoins. */
    boolean cooperative() {
        return cooperative;
    }

    /** Whether {@code g} was formed with a cooperative assignor. */
    boolean isCooperative(Generation g) {
        return assignors.stream().anyMatch(a -> a.name().equals(g.protocolName())
                && a.protocol() == RebalanceProtocol.COOPERATIVE);
    }

    /** The topic sizes this member assigned with, while it is STABLE after leading; else null. */
    Map<String, Integer> leaderTopicSizesIfStable() {
        return state == MemberState.STABLE ? leaderTopicSizes : null;
    }

    /** Joins again as soon as the state allows (see {@link MemberState}). */
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

    void startJoin(String reason) {
        int myEpoch = ++epoch;
        transitionTo(MemberState.PREPARING);
        rejoinReason = null;
        prepare().compose(v -> subscriptions.mode() == SubscriptionState.Mode.AUTO_PATTERN
                ? channel.network.refreshMetadata().<Void>mapEmpty().recover(e -> Future.succeededFuture())
                : Future.succeededFuture()).onComplete(ar -> {
                    if (myEpoch != epoch) {
                        return;
                    }
                    subscriptions.matchPattern();
                    transitionTo(MemberState.REBALANCING);
                    Subscription s = new Subscription(List.copyOf(subscriptions.groupTopics()), null,
                            lastAssigned, lastAssignedGeneration, Optional.empty());
                    round = new GroupRebalance(channel, assignors, generation.memberId(), s, reason);
                    round.run().onComplete(res -> {
                        if (myEpoch != epoch) {
                            return;
                        }
                        round = null;
                        if (res.failed()) {
                            onFatal.accept(NetworkClient.asSpate(res.cause()));
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
        transitionTo(MemberState.ASSIGNING);
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
            transitionTo(MemberState.STABLE);
            if (!revoked.isEmpty() && cooperativeRound) {
                startJoin("partitions were revoked in a cooperative rebalance");
            } else if (rejoinReason != null) {
                startJoin(rejoinReason);
            }
        });
    }

    /** The coordinator no longer knows this generation: the partitions are lost, join again. */
    void fenced(ErrorCode error) {
        if (!state.inGroup()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "group {0}: member {1} fenced ({2}); rejoining", channel.groupId,
                generation.memberId(), error);
        generation = MemberErrors.afterFencing(generation, error);
        abandonRound();
        startJoin("the member was fenced: " + error);
    }

    /** Out of the group: no generation, nothing owned to report; returns the generation that was. */
    Generation forgetGeneration() {
        Generation g = generation;
        generation = Generation.NO_GENERATION;
        lastAssigned = List.of();
        lastAssignedGeneration = Subscription.NO_GENERATION;
        return g;
    }

    /** Closed: no generation any more. */
    void close() {
        generation = Generation.NO_GENERATION;
        transitionTo(MemberState.CLOSED);
    }

    /**
     * The generation to leave the group with: the current one, or, during a first join the
     * coordinator still holds, the member id it already gave this consumer (MEMBER_ID_REQUIRED),
     * which it counts as a member until a LeaveGroup or its session ends. Call before
     * {@link #abandonRound}.
     */
    Generation leavingGeneration() {
        if (generation.memberId().isEmpty() && round != null && !round.memberId().isEmpty()) {
            return new Generation(generation.generationId(), round.memberId(), generation.protocolName());
        }
        return generation;
    }

    /** Drops the round under way (its answers are ignored) and any rejoin asked for. */
    void abandonRound() {
        epoch++;
        rejoinReason = null;
        if (round != null) {
            round.cancel();
            round = null;
        }
    }

    /** Moves to {@code next}; throws {@link IllegalStateException} on a move {@link MemberState} does not list. */
    void transitionTo(MemberState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("group member: " + state + " -> " + next);
        }
        state = next;
    }
}
