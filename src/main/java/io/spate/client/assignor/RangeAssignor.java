package io.spate.client.assignor;

import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * Kafka's range assignor ("range"): topic by topic, the members subscribed to the topic, in Kafka's
 * member order (static members by instance id first, then by member id), each get a consecutive
 * range of its partitions; with P partitions and M members, each gets P / M and the first P % M
 * members one more. 3 members and 7 partitions: 0-2, 3-4, 5-6. Co-partitioned topics therefore go
 * to the same member, which joins need; the cost is that the first members carry more when there
 * are many topics whose partition counts do not divide evenly. Not rack-aware (Kafka's is, when
 * racks are set).
 */
public final class RangeAssignor implements PartitionAssignor {
    public static final String NAME = "range";

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
        for (String topic : GroupMembers.knownSubscribedTopics(partitionsPerTopic, subscriptions)) {
            List<String> members = GroupMembers.sortedMembersOf(topic, subscriptions);
            int partitions = GroupMembers.partitionCount(partitionsPerTopic, topic);
            int each = partitions / members.size();
            int withExtra = partitions % members.size();
            for (int i = 0; i < members.size(); i++) {
                int start = each * i + Math.min(i, withExtra);
                int length = each + (i < withExtra ? 1 : 0);
                for (int p = start; p < start + length; p++) {
                    out.get(members.get(i)).add(new TopicPartition(topic, p));
                }
            }
        }
        return GroupMembers.toAssignments(out);
    }
}
