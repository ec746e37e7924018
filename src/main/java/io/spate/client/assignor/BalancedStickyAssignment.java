package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The balanced, sticky assignment both sticky assignors compute; works for any mix of
 * subscriptions.
 *
 * <p><b>Balanced</b> means Kafka's definition: no partition could move from a member A to a member B
 * that is subscribed to its topic while A holds at least two partitions more than B. With identical
 * subscriptions that is: counts differ by at most one. <b>Sticky</b>: keep as many partitions as
 * balance allows with their {@link PreviousOwnership#owners() previous owner}; with identical
 * subscriptions the result keeps the most possible (the tests check it against the closed form),
 * with mixed ones it is a greedy best effort.
 *
 * <p>One pass ({@link Pass}) runs three steps:
 * <ol>
 *   <li><i>keep</i>: every member keeps the partitions it validly owned;</li>
 *   <li><i>fill</i>: every other partition, those whose topic fewest members subscribe to first (they
 *       have the least choice), then by topic and partition, goes to the least loaded member
 *       subscribed to its topic;</li>
 *   <li><i>balance</i>: while some member holds two more than a member that could take one of its
 *       partitions, move one, from the most loaded level, choosing the move that costs the least
 *       stickiness (a partition the source did not own before costs nothing; one going back to its
 *       previous owner gains). Every move lowers the sum of squared counts, so this ends.</li>
 * </ol>
 *
 * <p>The assignment is two such passes. The first learns which partitions change hands; the second
 * starts from the first's result without the partitions some other member still claims, so those
 * are placed by the <i>fill</i> rule alone. A cooperative follow-up round starts from exactly that
 * state (the claimants have revoked them), so it ends on the same result as the eager one-round
 * assignment, provided the second pass needs no <i>balance</i> move and puts no partition back with
 * a member that claims it. With identical subscriptions the fill alone levels the counts, and the
 * property tests find both paths equal on thousands of random group changes; with mixed
 * subscriptions the greedy fill can, rarely, load a member that then must give up an owned
 * partition, and a cooperative group needs a third round. The second pass is used unless it keeps
 * fewer partitions with their previous owners than the first.
 *
 * <p>Deterministic: ties go by Kafka's member order ({@link GroupMembers#KAFKA_ORDER}). Cost: each
 * move scans the members and the source's partitions, so O(moves &times; (members&sup2; + partitions))
 * in the worst case; moves are bounded by the partitions that change owner.
 */
final class BalancedStickyAssignment {
    private BalancedStickyAssignment() {
    }

    /** Member id &rarr; its partitions; every member of {@code subscriptions} has an entry. */
    static Map<String, TreeSet<TopicPartition>> compute(Map<String, Integer> partitionsPerTopic,
                                                        Map<String, Subscription> subscriptions,
                                                        PreviousOwnership previous) {
        Map<TopicPartition, String> owners = previous.owners();
        Pass first = new Pass(partitionsPerTopic, subscriptions, owners);
        // what a cooperative second round would start from: all but what someone else still claims
        Map<TopicPartition, String> startOfSecond = new HashMap<>();
        first.holder.forEach((tp, member) -> {
            Set<String> claimants = previous.claimants().getOrDefault(tp, Set.of());
            if (claimants.isEmpty() || claimants.equals(Set.of(member))) {
                startOfSecond.put(tp, member);
            }
        });
        Pass second = new Pass(partitionsPerTopic, subscriptions, startOfSecond);
        Pass chosen = second.keptOf(owners) >= first.keptOf(owners) ? second : first;
        return chosen.held;
    }

    /** One keep-fill-balance pass over mutable state; single-threaded, used once. */
    private static final class Pass {
        private final List<String> members;
        private final Map<String, Integer> rank = new HashMap<>();
        private final Map<String, Set<String>> topicsOf = new HashMap<>();
        private final Map<String, List<String>> membersOf = new HashMap<>();
        private final Map<TopicPartition, String> owners;
        private final Map<String, TreeSet<TopicPartition>> held = new HashMap<>();
        private final Map<TopicPartition, String> holder = new HashMap<>();

        Pass(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions,
             Map<TopicPartition, String> owners) {
            this.owners = owners;
            this.members = GroupMembers.sortedMembers(subscriptions);
            for (String m : members) {
                rank.put(m, rank.size());
                held.put(m, new TreeSet<>());
                Set<String> topics = new HashSet<>();
                for (String t : subscriptions.get(m).topics()) {
                    if (GroupMembers.partitionCount(partitionsPerTopic, t) > 0) {
                        topics.add(t);
                        membersOf.computeIfAbsent(t, k -> new ArrayList<>()).add(m);
                    }
                }
                topicsOf.put(m, topics);
            }
            keep();
            fill(partitionsPerTopic);
            balance();
        }

        private void keep() {
            owners.forEach((tp, member) -> {
                if (held.containsKey(member) && topicsOf.get(member).contains(tp.topic())) {
                    give(tp, member);
                }
            });
        }

        private void fill(Map<String, Integer> partitionsPerTopic) {
            List<TopicPartition> free = new ArrayList<>();
            membersOf.keySet().forEach(topic -> {
                for (int p = 0; p < GroupMembers.partitionCount(partitionsPerTopic, topic); p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    if (!holder.containsKey(tp)) {
                        free.add(tp);
                    }
                }
            });
            free.sort(Comparator.<TopicPartition>comparingInt(tp -> membersOf.get(tp.topic()).size())
                    .thenComparing(Comparator.naturalOrder()));
            for (TopicPartition tp : free) {
                String least = null;
                for (String m : membersOf.get(tp.topic())) {
                    if (least == null || count(m) < count(least)) {
                        least = m;
                    }
                }
                give(tp, least);
            }
        }

        private void balance() {
            for (Move move = bestMove(); move != null; move = bestMove()) {
                held.get(move.from).remove(move.partition);
                give(move.partition, move.to);
            }
        }

        /** The cheapest valid move from the most loaded level that has one, or null when balanced. */
        private Move bestMove() {
            List<String> byLoad = new ArrayList<>(members);
            byLoad.sort(Comparator.<String>comparingInt(this::count).thenComparing(rank::get));
            Move best = null;
            for (int i = byLoad.size() - 1; i >= 0; i--) {
                String from = byLoad.get(i);
                if (count(from) - count(byLoad.get(0)) < 2) {
                    break; // this member and all below are within one of the least loaded
                }
                if (best != null && count(from) < count(best.from)) {
                    break;
                }
                Move m = bestMoveFrom(from, byLoad);
                if (m != null && (best == null || m.cost < best.cost)) {
                    best = m;
                }
            }
            return best;
        }

        /** To the least loaded member that can take one of {@code from}'s partitions, the cheapest one. */
        private Move bestMoveFrom(String from, List<String> byLoadAscending) {
            for (String to : byLoadAscending) {
                if (count(to) > count(from) - 2) {
                    return null;
                }
                Move best = null;
                for (TopicPartition tp : held.get(from)) {
                    if (topicsOf.get(to).contains(tp.topic())) {
                        int cost = cost(tp, from, to);
                        if (best == null || cost < best.cost) {
                            best = new Move(tp, from, to, cost);
                        }
                    }
                }
                if (best != null) {
                    return best;
                }
            }
            return null;
        }

        /** Stickiness lost by the move: 1 if it leaves its previous owner, -1 if it returns to it. */
        private int cost(TopicPartition tp, String from, String to) {
            String owner = owners.get(tp);
            return from.equals(owner) ? 1 : to.equals(owner) ? -1 : 0;
        }

        private void give(TopicPartition tp, String member) {
            held.get(member).add(tp);
            holder.put(tp, member);
        }

        private int count(String member) {
            return held.get(member).size();
        }

        /** How many partitions sit with the owner {@code previousOwners} names. */
        int keptOf(Map<TopicPartition, String> previousOwners) {
            int kept = 0;
            for (Map.Entry<TopicPartition, String> e : previousOwners.entrySet()) {
                if (e.getValue().equals(holder.get(e.getKey()))) {
                    kept++;
                }
            }
            return kept;
        }
    }

    private record Move(TopicPartition partition, String from, String to, int cost) {
    }
}
