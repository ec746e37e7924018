package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who owned which partition before this rebalance, as the members report it in
 * {@link Subscription#ownedPartitions()} with {@link Subscription#generationId()}.
 *
 * <p>{@code owners} holds the claims the sticky assignors honour: a claim counts only if the
 * partition still exists and the claiming member is still subscribed to its topic; when several
 * members claim one partition, the claim from the highest generation wins (the others missed a
 * rebalance and hold stale state), and a tie at the highest generation leaves the partition
 * without owner (Kafka treats that the same way: such state is corrupt, nobody can be trusted).
 * {@code claimants} holds every raw claim, valid or not, which the cooperative assignor needs: no
 * member may be given a partition another member still believes it owns.
 *
 * @param owners    partition &rarr; the member whose claim is honoured
 * @param claimants partition &rarr; every member that lists it as owned
 */
record PreviousOwnership(Map<TopicPartition, String> owners, Map<TopicPartition, Set<String>> claimants) {

    static PreviousOwnership of(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<TopicPartition, Set<String>> claimants = new HashMap<>();
        Map<TopicPartition, String> owners = new HashMap<>();
        Map<TopicPartition, Integer> ownerGeneration = new HashMap<>();
        Set<TopicPartition> tied = new HashSet<>();
        subscriptions.forEach((member, s) -> {
            for (TopicPartition tp : s.ownedPartitions()) {
                if (!claimants.computeIfAbsent(tp, k -> new HashSet<>()).add(member) || !isValid(tp, s, partitionsPerTopic)) {
                    continue;
                }
                Integer best = ownerGeneration.get(tp);
                if (best == null || s.generationId() > best) {
                    owners.put(tp, member);
                    ownerGeneration.put(tp, s.generationId());
                    tied.remove(tp);
                } else if (s.generationId() == best) {
                    tied.add(tp);
                }
            }
        });
        tied.forEach(owners::remove);
        return new PreviousOwnership(owners, claimants);
    }

    private static boolean isValid(TopicPartition tp, Subscription s, Map<String, Integer> partitionsPerTopic) {
        return s.topics().contains(tp.topic()) && tp.partition() >= 0
                && tp.partition() < GroupMembers.partitionCount(partitionsPerTopic, tp.topic());
    }
}
