package io.spate.client.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/** Group scenarios and the checks every assignor must pass, shared by the assignor tests. */
final class Groups {
    private Groups() {
    }

    static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    static Subscription subscribe(String... topics) {
        return new Subscription(List.of(topics));
    }

    /** {@code count} members m0, m1, ... subscribed to the same topics. */
    static Map<String, Subscription> members(int count, String... topics) {
        Map<String, Subscription> out = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            out.put("m" + i, subscribe(topics));
        }
        return out;
    }

    /**
     * The next generation after {@code result}: every member of {@code next} that was in the group
     * reports what it was assigned, with {@code generation}; new members report nothing.
     */
    static Map<String, Subscription> after(Map<String, Assignment> result, Map<String, Subscription> next,
                                           int generation) {
        Map<String, Subscription> out = new TreeMap<>();
        next.forEach((m, s) -> {
            Assignment a = result.get(m);
            out.put(m, a == null ? s : new Subscription(s.topics(), null, a.partitions(), generation, Optional.empty()));
        });
        return out;
    }

    /** Every partition of the topics that someone subscribes to and the metadata knows. */
    static Set<TopicPartition> subscribedPartitions(Map<String, Integer> partitionsPerTopic,
                                                    Map<String, Subscription> subscriptions) {
        Set<TopicPartition> out = new HashSet<>();
        subscriptions.values().forEach(s -> s.topics().forEach(t -> {
            for (int p = 0; p < partitionsPerTopic.getOrDefault(t, 0); p++) {
                out.add(tp(t, p));
            }
        }));
        return out;
    }

    /**
     * One entry per member; each partition to a member subscribed to its topic, at most once; with
     * {@code complete}, every subscribed partition assigned.
     */
    static void assertValid(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions,
                            Map<String, Assignment> result, boolean complete) {
        assertEquals(subscriptions.keySet(), result.keySet(), "one assignment per member");
        Map<TopicPartition, String> holder = new HashMap<>();
        result.forEach((m, a) -> a.partitions().forEach(tp -> {
            assertTrue(subscriptions.get(m).topics().contains(tp.topic()), m + " is not subscribed to " + tp);
            assertTrue(tp.partition() >= 0 && tp.partition() < partitionsPerTopic.getOrDefault(tp.topic(), 0),
                    tp + " does not exist");
            String other = holder.put(tp, m);
            if (other != null) {
                fail(tp + " assigned to both " + other + " and " + m);
            }
        }));
        if (complete) {
            assertEquals(subscribedPartitions(partitionsPerTopic, subscriptions), holder.keySet(), "all assigned");
        }
    }

    /**
     * Kafka's balance: no partition could move from a member to another member subscribed to its
     * topic that holds two fewer. With identical subscriptions: counts differ by at most one.
     */
    static void assertBalanced(Map<String, Subscription> subscriptions, Map<String, Assignment> result) {
        result.forEach((a, assigned) -> subscriptions.forEach((b, sb) -> {
            if (assigned.partitions().size() > result.get(b).partitions().size() + 1) {
                for (TopicPartition tp : assigned.partitions()) {
                    assertTrue(!sb.topics().contains(tp.topic()),
                            "unbalanced: " + tp + " could move from " + a + " to " + b + " in " + result);
                }
            }
        }));
    }

    static Map<String, Integer> counts(Map<String, Assignment> result) {
        Map<String, Integer> out = new TreeMap<>();
        result.forEach((m, a) -> out.put(m, a.partitions().size()));
        return out;
    }

    /** Partitions that a member held in {@code before} and holds no more in {@code after}. */
    static int moved(Map<String, Assignment> before, Map<String, Assignment> after) {
        int moved = 0;
        for (Map.Entry<String, Assignment> e : before.entrySet()) {
            Assignment now = after.get(e.getKey());
            for (TopicPartition tp : e.getValue().partitions()) {
                if (now != null && !now.partitions().contains(tp)) {
                    moved++;
                }
            }
        }
        return moved;
    }

    /**
     * A random group: 1-5 topics of 0-12 partitions, 1-8 members (a quarter of them static), random
     * subscriptions (some to an unknown topic), or one subscription shared by all.
     */
    static Scenario random(Random random, boolean identicalSubscriptions) {
        Map<String, Integer> partitionsPerTopic = new LinkedHashMap<>();
        int topics = 1 + random.nextInt(5);
        for (int t = 0; t < topics; t++) {
            partitionsPerTopic.put("t" + t, random.nextInt(13));
        }
        List<String> names = new ArrayList<>(partitionsPerTopic.keySet());
        names.add("unknown");
        List<String> shared = randomSubset(random, names);
        Map<String, Subscription> subscriptions = new TreeMap<>();
        int members = 1 + random.nextInt(8);
        for (int m = 0; m < members; m++) {
            Subscription sub = new Subscription(identicalSubscriptions ? shared : randomSubset(random, names));
            if (random.nextInt(4) == 0) {
                sub = sub.withGroupInstanceId(Optional.of("instance-" + random.nextInt(1000)));
            }
            subscriptions.put("member-" + random.nextInt(1000) + "-" + m, sub);
        }
        return new Scenario(partitionsPerTopic, subscriptions);
    }

    private static List<String> randomSubset(Random random, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (random.nextInt(3) > 0) {
                out.add(n);
            }
        }
        return out.isEmpty() ? List.of(names.get(random.nextInt(names.size()))) : out;
    }

    record Scenario(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
    }
}
