package io.spate.client.assignor;

import static io.spate.client.assignor.Groups.members;
import static io.spate.client.assignor.Groups.subscribe;
import static io.spate.client.assignor.Groups.tp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.protocol.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.junit.jupiter.api.Test;

class RangeAssignorTest {
    private final RangeAssignor assignor = new RangeAssignor();

    @Test
    void sixPartitionsOverThreeMembersGiveTwoRangesOfTwo() {
        Map<String, Assignment> result = assignor.assign(Map.of("t", 6), members(3, "t"));
        assertEquals(List.of(tp("t", 0), tp("t", 1)), result.get("m0").partitions());
        assertEquals(List.of(tp("t", 2), tp("t", 3)), result.get("m1").partitions());
        assertEquals(List.of(tp("t", 4), tp("t", 5)), result.get("m2").partitions());
    }

    @Test
    void sevenPartitionsGiveTheFirstMemberTheExtraOne() {
        Map<String, Assignment> result = assignor.assign(Map.of("t", 7), members(3, "t"));
        assertEquals(List.of(tp("t", 0), tp("t", 1), tp("t", 2)), result.get("m0").partitions());
        assertEquals(List.of(tp("t", 3), tp("t", 4)), result.get("m1").partitions());
        assertEquals(List.of(tp("t", 5), tp("t", 6)), result.get("m2").partitions());
    }

    @Test
    void coPartitionedTopicsGoToTheSameMembers() {
        Map<String, Assignment> result = assignor.assign(Map.of("a", 4, "b", 4), members(2, "a", "b"));
        assertEquals(List.of(tp("a", 0), tp("a", 1), tp("b", 0), tp("b", 1)), result.get("m0").partitions());
        assertEquals(List.of(tp("a", 2), tp("a", 3), tp("b", 2), tp("b", 3)), result.get("m1").partitions());
    }

    @Test
    void eachTopicIsSplitAmongItsOwnSubscribers() {
        Map<String, Subscription> subs = Map.of("m0", subscribe("a"), "m1", subscribe("a", "b"), "m2", subscribe("b"));
        Map<String, Assignment> result = assignor.assign(Map.of("a", 3, "b", 2), subs);
        assertEquals(List.of(tp("a", 0), tp("a", 1)), result.get("m0").partitions());
        assertEquals(List.of(tp("a", 2), tp("b", 0)), result.get("m1").partitions());
        assertEquals(List.of(tp("b", 1)), result.get("m2").partitions());
    }

    @Test
    void unknownTopicsAreSkippedAndTheirMembersStillGetAnEntry() {
        Map<String, Subscription> subs = Map.of("m0", subscribe("known", "ghost"), "m1", subscribe("ghost"));
        Map<String, Assignment> result = assignor.assign(Map.of("known", 2), subs);
        assertEquals(List.of(tp("known", 0), tp("known", 1)), result.get("m0").partitions());
        assertEquals(List.of(), result.get("m1").partitions());
    }

    @Test
    void staticMembersComeFirstOrderedByInstanceId() {
        Map<String, Subscription> subs = new HashMap<>();
        subs.put("a-dynamic", subscribe("t"));
        subs.put("z-member", subscribe("t").withGroupInstanceId(Optional.of("instance-1")));
        subs.put("y-member", subscribe("t").withGroupInstanceId(Optional.of("instance-2")));
        Map<String, Assignment> result = assignor.assign(Map.of("t", 3), subs);
        assertEquals(List.of(tp("t", 0)), result.get("z-member").partitions());
        assertEquals(List.of(tp("t", 1)), result.get("y-member").partitions());
        assertEquals(List.of(tp("t", 2)), result.get("a-dynamic").partitions());
    }

    @Test
    void matchesKafkasRangeAssignorOnRandomGroups() {
        Random random = new Random(4242);
        var kafka = new org.apache.kafka.clients.consumer.RangeAssignor();
        for (int i = 0; i < 300; i++) {
            Groups.Scenario s = Groups.random(random, random.nextBoolean());
            assertEquals(asSets(kafka.assign(s.partitionsPerTopic(), toKafka(s.subscriptions()))),
                    asSets(assignor.assign(s.partitionsPerTopic(), s.subscriptions())), "scenario " + i);
        }
    }

    static Map<String, ConsumerPartitionAssignor.Subscription> toKafka(Map<String, Subscription> subs) {
        Map<String, ConsumerPartitionAssignor.Subscription> out = new HashMap<>();
        subs.forEach((m, s) -> {
            var k = new ConsumerPartitionAssignor.Subscription(s.topics());
            k.setGroupInstanceId(s.groupInstanceId());
            out.put(m, k);
        });
        return out;
    }

    static Map<String, Set<TopicPartition>> asSets(Map<String, ?> result) {
        Map<String, Set<TopicPartition>> out = new TreeMap<>();
        result.forEach((m, v) -> {
            List<?> tps = v instanceof Assignment a ? a.partitions() : (List<?>) v;
            out.put(m, tps.stream().map(o -> o instanceof TopicPartition t ? t
                    : tp(((org.apache.kafka.common.TopicPartition) o).topic(),
                            ((org.apache.kafka.common.TopicPartition) o).partition())).collect(Collectors.toSet()));
        });
        return out;
    }
}
