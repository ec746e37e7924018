package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The bookkeeping every assignor shares: member order, topic filtering, result building. */
final class GroupMembers {
    private GroupMembers() {
    }

    /**
     * Kafka's member order (AbstractPartitionAssignor.MemberInfo): members with a group instance id
     * first, by instance id, then the others by member id. Static members thus keep their place
     * (and their partitions) across restarts, which give them a new member id.
     */
    static final Comparator<Map.Entry<String, Subscription>> KAFKA_ORDER = (a, b) -> {
        Optional<String> ia = a.getValue().groupInstanceId();
        Optional<String> ib = b.getValue().groupInstanceId();
        if (ia.isPresent() && ib.isPresent()) {
            int c = ia.get().compareTo(ib.get());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        }
        if (ia.isPresent() != ib.isPresent()) {
            return ia.isPresent() ? -1 : 1;
        }
        return a.getKey().compareTo(b.getKey());
    };

    /** Member ids in {@link #KAFKA_ORDER}. */
    static List<String> sortedMembers(Map<String, Subscription> subscriptions) {
        return subscriptions.entrySet().stream().sorted(KAFKA_ORDER).map(Map.Entry::getKey).toList();
    }

    /** Member ids subscribed to {@code topic}, in {@link #KAFKA_ORDER}. */
    static List<String> sortedMembersOf(String topic, Map<String, Subscription> subscriptions) {
        return subscriptions.entrySet().stream().filter(e -> e.getValue().topics().contains(topic))
                .sorted(KAFKA_ORDER).map(Map.Entry::getKey).toList();
    }

    /** Subscribed topics that the metadata knows, sorted. */
    static TreeSet<String> knownSubscribedTopics(Map<String, Integer> partitionsPerTopic,
                                                 Map<String, Subscription> subscriptions) {
        TreeSet<String> topics = new TreeSet<>();
        for (Subscription s : subscriptions.values()) {
            for (String t : s.topics()) {
                if (partitionCount(partitionsPerTopic, t) > 0) {
                    topics.add(t);
                }
            }
        }
        return topics;
    }

    /** The topic's partition count, 0 for a topic the metadata does not know. */
    static int partitionCount(Map<String, Integer> partitionsPerTopic, String topic) {
        Integer n = partitionsPerTopic.get(topic);
        if (n != null && n < 0) {
            throw new IllegalArgumentException("negative partition count " + n + " for topic " + topic);
        }
        return n == null ? 0 : n;
    }

    /** An empty, mutable partition list for every member. */
    static Map<String, List<TopicPartition>> emptyLists(Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> out = new HashMap<>();
        subscriptions.keySet().forEach(m -> out.put(m, new ArrayList<>()));
        return out;
    }

    /** The result form: each member's partitions, sorted, without user data. */
    static Map<String, Assignment> toAssignments(Map<String, ? extends Collection<TopicPartition>> lists) {
        Map<String, Assignment> out = new HashMap<>();
        lists.forEach((m, tps) -> out.put(m, new Assignment(tps.stream().sorted().toList())));
        return out;
    }
}
