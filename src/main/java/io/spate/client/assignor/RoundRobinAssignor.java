package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * Kafka's round-robin assignor ("roundrobin"): all partitions of all subscribed topics, sorted by
 * topic then partition, are dealt one by one to the members in Kafka's member order (static members
 * by instance id first, then by member id), cycling, and skipping a member that is not subscribed
 * to the partition's topic. With identical subscriptions the counts differ by at most one; with
 * different subscriptions they may differ more (the sticky assignors balance those).
 */
public final class RoundRobinAssignor implements PartitionAssignor {
    public static final String NAME = "roundrobin";

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
        Map<String, List<TopicPartition>> out = GroupMembers.emptyLists(subscriptions);
        List<String> members = GroupMembers.sortedMembers(subscriptions);
        int next = 0;
        for (String topic : GroupMembers.knownSubscribedTopics(partitionsPerTopic, subscriptions)) {
            for (int p = 0; p < GroupMembers.partitionCount(partitionsPerTopic, topic); p++) {
                // someone is subscribed (the topic came from a subscription), so this ends
                while (!subscriptions.get(members.get(next)).topics().contains(topic)) {
                    next = (next + 1) % members.size();
                }
                out.get(members.get(next)).add(new TopicPartition(topic, p));
                next = (next + 1) % members.size();
            }
        }
        return GroupMembers.toAssignments(out);
    }
}
