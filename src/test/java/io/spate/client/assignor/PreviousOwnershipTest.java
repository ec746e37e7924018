package io.spate.client.assignor;

import static io.spate.client.assignor.Groups.tp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreviousOwnershipTest {
    private static Subscription owning(int generation, List<String> topics, io.spate.protocol.TopicPartition... owned) {
        return new Subscription(topics, null, List.of(owned), generation, Optional.empty());
    }

    @Test
    void highestGenerationWinsAndEveryClaimIsRecorded() {
        PreviousOwnership p = PreviousOwnership.of(Map.of("t", 2), Map.of(
                "old", owning(3, List.of("t"), tp("t", 0)),
                "new", owning(4, List.of("t"), tp("t", 0)),
                "older", owning(2, List.of("t"), tp("t", 0), tp("t", 1))));
        assertEquals(Map.of(tp("t", 0), "new", tp("t", 1), "older"), p.owners());
        assertEquals(Set.of("old", "new", "older"), p.claimants().get(tp("t", 0)));
    }

    @Test
    void tieAtTheHighestGenerationLeavesNoOwner() {
        PreviousOwnership p = PreviousOwnership.of(Map.of("t", 1), Map.of(
                "a", owning(5, List.of("t"), tp("t", 0)),
                "b", owning(5, List.of("t"), tp("t", 0)),
                "c", owning(4, List.of("t"), tp("t", 0))));
        assertEquals(Map.of(), p.owners());
    }

    @Test
    void higherGenerationAfterATieStillWins() {
        PreviousOwnership p = PreviousOwnership.of(Map.of("t", 1), Map.of(
                "a", owning(5, List.of("t"), tp("t", 0)),
                "b", owning(5, List.of("t"), tp("t", 0)),
                "c", owning(6, List.of("t"), tp("t", 0))));
        assertEquals(Map.of(tp("t", 0), "c"), p.owners());
    }

    @Test
    void claimsOnUnsubscribedUnknownOrMissingPartitionsAreNotHonoured() {
        PreviousOwnership p = PreviousOwnership.of(Map.of("t", 2, "u", 1), Map.of(
                "a", owning(1, List.of("t"), tp("u", 0), tp("t", 2), tp("t", -1), tp("ghost", 0), tp("t", 1))));
        assertEquals(Map.of(tp("t", 1), "a"), p.owners());
        assertEquals(Set.of("a"), p.claimants().get(tp("u", 0)), "still a claim the cooperative assignor respects");
    }

    @Test
    void invalidClaimDoesNotBeatAValidOne() {
        // a's generation is higher, but it no longer subscribes to t
        PreviousOwnership p = PreviousOwnership.of(Map.of("t", 1), Map.of(
                "a", owning(9, List.of("u"), tp("t", 0)),
                "b", owning(1, List.of("t"), tp("t", 0))));
        assertEquals(Map.of(tp("t", 0), "b"), p.owners());
    }
}
