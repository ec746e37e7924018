package io.spate.client.assignor;

import java.util.Map;

/**
 * The sticky assignor ("sticky", eager): a balanced assignment that keeps as many partitions as
 * possible with the member that owned them (see {@link BalancedStickyAssignment}).
 *
 * <p>Previous ownership comes from {@link Subscription#ownedPartitions()} and
 * {@link Subscription#generationId()} only (as Kafka's CooperativeStickyAssignor does), not from
 * user data as Kafka's StickyAssignor encodes it. An eager member revokes everything before it
 * rejoins, so Spate's group client must still report its last assignment and generation in the
 * subscription for this assignor to be sticky. Kafka consumers that use Kafka's "sticky" send an
 * empty owned list under eager and carry the state in user data, which this class ignores: mixed
 * with them it still balances, but is not sticky.
 */
public final class StickyAssignor implements PartitionAssignor {
    public static final String NAME = "sticky";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RebalanceProtocol protocol() {
        return RebalanceProtocol.EAGER;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic,
                                          Map<String, Subscription> subscriptions) {
        PreviousOwnership previous = PreviousOwnership.of(partitionsPerTopic, subscriptions);
        return GroupMembers.toAssignments(
                BalancedStickyAssignment.compute(partitionsPerTopic, subscriptions, previous));
    }
}
