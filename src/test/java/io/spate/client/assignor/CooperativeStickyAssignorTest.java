package io.spate.client.assignor;

import static io.spate.client.assignor.Groups.after;
import static io.spate.client.assignor.Groups.assertBalanced;
import static io.spate.client.assignor.Groups.assertValid;
import static io.spate.client.assignor.Groups.counts;
import static io.spate.client.assignor.Groups.members;
import static io.spate.client.assignor.Groups.tp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CooperativeStickyAssignorTest {
    private final CooperativeStickyAssignor assignor = new CooperativeStickyAssignor();
    private final StickyAssignor eager = new StickyAssignor();

    @Test
    void isCooperativeAndNamedAsKafkas() {
        assertEquals(RebalanceProtocol.COOPERATIVE, assignor.protocol());
        assertEquals("cooperative-sticky", assignor.name());
    }

    @Test
    void freshGroupGetsEverythingInTheFirstRound() {
        Map<String, Subscription> subs = members(3, "t");
        Map<String, Assignment> result = assignor.assign(Map.of("t", 8), subs);
        assertValid(Map.of("t", 8), subs, result, true);
        assertEquals(eager.assign(Map.of("t", 8), subs), result);
    }

    @Test
    void movedPartitionsAreWithheldUntilTheFollowUpRound() {
        Map<String, Integer> topics = Map.of("t", 12);
        Map<String, Assignment> gen1 = assignor.assign(topics, members(3, "t"));
        Map<String, Subscription> joined = after(gen1, members(4, "t"), 1);

        Map<String, Assignment> round1 = assignor.assign(topics, joined);
        assertValid(topics, joined, round1, false);
        assertEquals(Map.of("m0", 3, "m1", 3, "m2", 3, "m3", 0), counts(round1),
                "the newcomer waits; each old member only revokes one");
        for (String m : List.of("m0", "m1", "m2")) {
            assertTrue(gen1.get(m).partitions().containsAll(round1.get(m).partitions()), m + " gained nothing yet");
        }

        // the members that revoked rejoin at once; now nobody claims the revoked partitions
        Map<String, Subscription> rejoined = after(round1, joined, 2);
        Map<String, Assignment> round2 = assignor.assign(topics, rejoined);
        assertValid(topics, rejoined, round2, true);
        assertEquals(Map.of("m0", 3, "m1", 3, "m2", 3, "m3", 3), counts(round2));
        assertEquals(eager.assign(topics, joined), round2, "two rounds end where the eager sticky goes in one");
    }

    @Test
    void partitionsOfADepartedMemberAreGivenAtOnce() {
        Map<String, Integer> topics = Map.of("t", 6);
        Map<String, Assignment> gen1 = assignor.assign(topics, members(3, "t"));
        Map<String, Subscription> left = after(gen1, members(2, "t"), 1);
        Map<String, Assignment> result = assignor.assign(topics, left);
        assertValid(topics, left, result, true);
        assertEquals(Map.of("m0", 3, "m1", 3), counts(result));
    }

    @Test
    void partitionClaimedByTwoMembersIsGivenToNobodyThisRound() {
        Map<String, Integer> topics = Map.of("t", 2);
        Map<String, Subscription> subs = Map.of(
                "m0", new Subscription(List.of("t"), null, List.of(tp("t", 0)), 3, Optional.empty()),
                "m1", new Subscription(List.of("t"), null, List.of(tp("t", 0), tp("t", 1)), 3, Optional.empty()));
        Map<String, Assignment> result = assignor.assign(topics, subs);
        assertValid(topics, subs, result, false);
        assertFalse(result.values().stream().anyMatch(a -> a.partitions().contains(tp("t", 0))));
        assertEquals(List.of(tp("t", 1)), result.get("m1").partitions());
    }

    @Test
    void claimOnAnUnsubscribedTopicHoldsThePartitionBackOneRound() {
        Map<String, Integer> topics = Map.of("a", 1, "b", 1);
        Map<String, Subscription> subs = Map.of(
                "m0", new Subscription(List.of("a"), null, List.of(tp("b", 0)), 1, Optional.empty()),
                "m1", new Subscription(List.of("b"), null, List.of(), 1, Optional.empty()));
        Map<String, Assignment> round1 = assignor.assign(topics, subs);
        assertEquals(List.<TopicPartition>of(), round1.get("m1").partitions(), "m0 must revoke b-0 first");
        assertEquals(List.of(tp("a", 0)), round1.get("m0").partitions());
        Map<String, Assignment> round2 = assignor.assign(topics, after(round1, subs, 2));
        assertEquals(List.of(tp("b", 0)), round2.get("m1").partitions());
        assertBalanced(subs, round2);
    }
}
