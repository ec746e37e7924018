package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cooperative sticky assignor ("cooperative-sticky"): the same balanced, sticky assignment as
 * {@link StickyAssignor}, handed over cooperatively, as Kafka's CooperativeStickyAssignor.
 *
 * <p>Members keep consuming their partitions while the group rebalances, so a partition must never be
 * given to a member while another member may still consume it. Rule: a partition that the sticky
 * assignment gives to member Y, but that another member X lists in its
 * {@link Subscription#ownedPartitions()}, is left out of Y's assignment in this round. X's assignment
 * lacks it too, so X revokes it and, having revoked something, rejoins at once (the group client's
 * duty); in that follow-up rebalance nobody claims it and Y gets it. Every partition is therefore
 * assigned at most once per round. With identical subscriptions the follow-up round assigns
 * everything and ends exactly where the eager sticky assignment goes in one round (see
 * {@link BalancedStickyAssignment}); with mixed subscriptions it occasionally has to move one more
 * owned partition to stay balanced, which costs a third round.
 */
public final class CooperativeStickyAssignor implements PartitionAssignor {
    public static final String NAME = "cooperative-sticky";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RebalanceProtocol protocol() {
        return RebalanceProtocol.COOPERATIVE;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic,
                                          Map<String, Subscription> subscriptions) {
        PreviousOwnership previous = PreviousOwnership.of(partitionsPerTopic, subscriptions);
        Map<String, TreeSet<TopicPartition>> sticky =
                BalancedStickyAssignment.compute(partitionsPerTopic, subscriptions, previous);
        sticky.forEach((member, partitions) -> partitions.removeIf(tp -> {
            Set<String> claimants = previous.claimants().getOrDefault(tp, Set.of());
            return !claimants.isEmpty() && !claimants.equals(Set.of(member));
        }));
        return GroupMembers.toAssignments(sticky);
    }
}
