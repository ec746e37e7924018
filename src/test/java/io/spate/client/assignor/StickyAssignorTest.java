package io.spate.client.assignor;

import static io.spate.client.assignor.Groups.after;
import static io.spate.client.assignor.Groups.assertBalanced;
import static io.spate.client.assignor.Groups.assertValid;
import static io.spate.client.assignor.Groups.counts;
import static io.spate.client.assignor.Groups.members;
import static io.spate.client.assignor.Groups.moved;
import static io.spate.client.assignor.Groups.subscribe;
import static io.spate.client.assignor.Groups.tp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StickyAssignorTest {
    private final StickyAssignor assignor = new StickyAssignor();

    @Test
    void freshGroupIsBalanced() {
        Map<String, Subscription> subs = members(3, "t");
        Map<String, Assignment> result = assignor.assign(Map.of("t", 7), subs);
        assertValid(Map.of("t", 7), subs, result, true);
        assertEquals(List.of(2, 2, 3), counts(result).values().stream().sorted().toList());
    }

    @Test
    void joiningMemberTakesOnlyTheMinimumFromTheOthers() {
        Map<String, Integer> topics = Map.of("t", 12);
        Map<String, Assignment> before = assignor.assign(topics, members(3, "t"));
        Map<String, Subscription> next = after(before, members(4, "t"), 1);
        Map<String, Assignment> result = assignor.assign(topics, next);
        assertValid(topics, next, result, true);
        assertEquals(Map.of("m0", 3, "m1", 3, "m2", 3, "m3", 3), counts(result));
        assertEquals(3, moved(before, result), "each old member gives up exactly one");
        for (String m : List.of("m0", "m1", "m2")) {
            assertTrue(before.get(m).partitions().containsAll(result.get(m).partitions()), m + " only lost");
        }
    }

    @Test
    void survivorsKeepTheirPartitionsWhenAMemberLeaves() {
        Map<String, Integer> topics = Map.of("t", 12);
        Map<String, Assignment> before = assignor.assign(topics, members(4, "t"));
        Map<String, Subscription> next = after(before, members(3, "t"), 1);
        Map<String, Assignment> result = assignor.assign(topics, next);
        assertValid(topics, next, result, true);
        for (String m : List.of("m0", "m1", "m2")) {
            assertTrue(result.get(m).partitions().containsAll(before.get(m).partitions()), m + " kept its own");
            assertEquals(4, result.get(m).partitions().size());
        }
    }

    @Test
    void eachTopicGoesToWhoeverCanTakeIt() {
        // t0 1 partition, t1 2, t2 3; m0 {t0}, m1 {t0,t1}, m2 {t0,t1,t2}: only m2 can take t2
        Map<String, Integer> topics = Map.of("t0", 1, "t1", 2, "t2", 3);
        Map<String, Subscription> subs = Map.of("m0", subscribe("t0"), "m1", subscribe("t0", "t1"),
                "m2", subscribe("t0", "t1", "t2"));
        Map<String, Assignment> result = assignor.assign(topics, subs);
        assertValid(topics, subs, result, true);
        assertBalanced(subs, result);
        assertEquals(List.of(tp("t0", 0)), result.get("m0").partitions());
        assertEquals(List.of(tp("t1", 0), tp("t1", 1)), result.get("m1").partitions());
        assertEquals(List.of(tp("t2", 0), tp("t2", 1), tp("t2", 2)), result.get("m2").partitions());
    }

    @Test
    void differentSubscriptionsAreBalancedWhereRoundRobinIsNot() {
        // m0 {a}, m1 {a,b}: round robin gives m1 all of b and half of a
        Map<String, Integer> topics = Map.of("a", 4, "b", 4);
        Map<String, Subscription> subs = Map.of("m0", subscribe("a"), "m1", subscribe("a", "b"));
        Map<String, Assignment> result = assignor.assign(topics, subs);
        assertValid(topics, subs, result, true);
        assertEquals(Map.of("m0", 4, "m1", 4), counts(result));
        assertEquals(Map.of("m0", 2, "m1", 6), counts(new RoundRobinAssignor().assign(topics, subs)));
    }

    @Test
    void ownedPartitionsOfAnUnsubscribedTopicMove() {
        Map<String, Integer> topics = Map.of("a", 2, "b", 2);
        Map<String, Subscription> subs = Map.of(
                "m0", new Subscription(List.of("a"), null, List.of(tp("b", 0), tp("b", 1)), 3, Optional.empty()),
                "m1", subscribe("a", "b"));
        Map<String, Assignment> result = assignor.assign(topics, subs);
        assertValid(topics, subs, result, true);
        assertEquals(List.of(tp("b", 0), tp("b", 1)), result.get("m1").partitions().stream()
                .filter(tp -> tp.topic().equals("b")).toList());
    }

    @Test
    void higherGenerationWinsAContestedPartition() {
        // both claim t-0 and t-1; m1's claim is from a later generation, so m1 keeps both
        Map<String, Integer> topics = Map.of("t", 4);
        Map<String, Subscription> subs = Map.of(
                "m0", new Subscription(List.of("t"), null, List.of(tp("t", 0), tp("t", 1)), 4, Optional.empty()),
                "m1", new Subscription(List.of("t"), null, List.of(tp("t", 0), tp("t", 1)), 5, Optional.empty()));
        Map<String, Assignment> result = assignor.assign(topics, subs);
        assertEquals(List.of(tp("t", 0), tp("t", 1)), result.get("m1").partitions());
        assertEquals(List.of(tp("t", 2), tp("t", 3)), result.get("m0").partitions());
    }

    @Test
    void unknownTopicsAndPartitionsAreIgnored() {
        Map<String, Integer> topics = Map.of("t", 2);
        Map<String, Subscription> subs = Map.of(
                "m0", new Subscription(List.of("t", "ghost"), null, List.of(tp("ghost", 0), tp("t", 9)), 1, Optional.empty()),
                "m1", subscribe("ghost"));
        Map<String, Assignment> result = assignor.assign(topics, subs);
        assertValid(topics, subs, result, true);
        assertEquals(List.of(tp("t", 0), tp("t", 1)), result.get("m0").partitions());
        assertEquals(List.of(), result.get("m1").partitions());
    }

    /**
     * With identical subscriptions the best possible: Q = P / M each and R = P % M members one more;
     * the extra places go to members that owned more than Q, so the most partitions kept is the sum,
     * over owned counts sorted high to low, of min(owned, Q + 1) for the first R and min(owned, Q) after.
     */
    @Test
    void identicalSubscriptionsKeepTheMostPossibleOnRandomGroups() {
        Random random = new Random(99);
        for (int round = 0; round < 400; round++) {
            int partitions = random.nextInt(40);
            int memberCount = 1 + random.nextInt(7);
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(tp("t", p));
            }
            // random previous owners among members and a departed member; some partitions unowned
            Map<String, List<TopicPartition>> owned = new TreeMap<>();
            for (int m = 0; m < memberCount; m++) {
                owned.put("m" + m, new ArrayList<>());
            }
            for (TopicPartition tp : all) {
                int who = random.nextInt(memberCount + 2);
                if (who < memberCount) {
                    owned.get("m" + who).add(tp);
                }
            }
            Map<String, Subscription> subs = new TreeMap<>();
            owned.forEach((m, tps) -> subs.put(m, new Subscription(List.of("t"), null, tps, 1, Optional.empty())));
            Map<String, Assignment> result = assignor.assign(Map.of("t", partitions), subs);
            assertValid(Map.of("t", partitions), subs, result, true);
            assertBalanced(subs, result);

            int kept = 0;
            for (String m : owned.keySet()) {
                Set<TopicPartition> now = new HashSet<>(result.get(m).partitions());
                kept += (int) owned.get(m).stream().filter(now::contains).count();
            }
            List<Integer> ownedCounts = owned.values().stream().map(List::size).sorted(Comparator.reverseOrder()).toList();
            int quota = partitions / memberCount;
            int extra = partitions % memberCount;
            int best = 0;
            for (int i = 0; i < ownedCounts.size(); i++) {
                best += Math.min(ownedCounts.get(i), i < extra ? quota + 1 : quota);
            }
            assertEquals(best, kept, "round " + round + ": " + owned + " -> " + result);
        }
    }

    @Test
    void repeatedRebalancesWithTheSameMembersChangeNothing() {
        Map<String, Integer> topics = Map.of("a", 5, "b", 3);
        Map<String, Subscription> subs = new HashMap<>(Map.of("m0", subscribe("a"), "m1", subscribe("a", "b"),
                "m2", subscribe("b")));
        Map<String, Assignment> first = assignor.assign(topics, subs);
        Map<String, Assignment> second = assignor.assign(topics, after(first, subs, 1));
        assertEquals(RangeAssignorTest.asSets(first), RangeAssignorTest.asSets(second));
    }
}
