package io.spate.client.assignor;

import static io.spate.client.assignor.Groups.members;
import static io.spate.client.assignor.Groups.subscribe;
import static io.spate.client.assignor.Groups.tp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoundRobinAssignorTest {
    private final RoundRobinAssignor assignor = new RoundRobinAssignor();

    @Test
    void partitionsOfAllTopicsAreDealtInTurn() {
        Map<String, Assignment> result = assignor.assign(Map.of("a", 3, "b", 4), members(3, "a", "b"));
        assertEquals(List.of(tp("a", 0), tp("b", 0), tp("b", 3)), result.get("m0").partitions());
        assertEquals(List.of(tp("a", 1), tp("b", 1)), result.get("m1").partitions());
        assertEquals(List.of(tp("a", 2), tp("b", 2)), result.get("m2").partitions());
    }

    @Test
    void membersNotSubscribedToATopicAreSkipped() {
        Map<String, Subscription> subs = Map.of("m0", subscribe("a"), "m1", subscribe("a", "b"), "m2", subscribe("b"));
        Map<String, Assignment> result = assignor.assign(Map.of("a", 3, "b", 3), subs);
        // a-0 m0, a-1 m1, a-2 m0 (m2 skipped), b-0 m1, b-1 m2, b-2 m1 (m0 skipped)
        assertEquals(List.of(tp("a", 0), tp("a", 2)), result.get("m0").partitions());
        assertEquals(List.of(tp("a", 1), tp("b", 0), tp("b", 2)), result.get("m1").partitions());
        assertEquals(List.of(tp("b", 1)), result.get("m2").partitions());
    }

    @Test
    void unknownTopicsAreSkipped() {
        Map<String, Assignment> result = assignor.assign(Map.of("a", 1),
                Map.of("m0", subscribe("ghost"), "m1", subscribe("a", "ghost")));
        assertEquals(List.of(), result.get("m0").partitions());
        assertEquals(List.of(tp("a", 0)), result.get("m1").partitions());
    }

    @Test
    void staticMembersComeFirstOrderedByInstanceId() {
        Map<String, Subscription> subs = new HashMap<>();
        subs.put("a", subscribe("t"));
        subs.put("b", subscribe("t").withGroupInstanceId(Optional.of("x")));
        Map<String, Assignment> result = assignor.assign(Map.of("t", 1), subs);
        assertEquals(List.of(tp("t", 0)), result.get("b").partitions());
    }

    @Test
    void matchesKafkasRoundRobinAssignorOnRandomGroups() {
        Random random = new Random(777);
        var kafka = new org.apache.kafka.clients.consumer.RoundRobinAssignor();
        for (int i = 0; i < 300; i++) {
            Groups.Scenario s = Groups.random(random, random.nextBoolean());
            assertEquals(RangeAssignorTest.asSets(kafka.assign(s.partitionsPerTopic(), RangeAssignorTest.toKafka(s.subscriptions()))),
                    RangeAssignorTest.asSets(assignor.assign(s.partitionsPerTopic(), s.subscriptions())), "scenario " + i);
        }
    }
}
