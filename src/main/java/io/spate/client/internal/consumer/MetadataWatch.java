package io.spate.client.internal.consumer;

import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ErrorCode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides, at each metadata update, whether the group must rebalance because of it (internal): a
 * pattern subscription now matches other topics (every member checks its own), or — checked by the
 * member that led the last assignment, as Kafka's leader does — a topic of the group appeared,
 * vanished or changed its partition count since that assignment.
 *
 * <p>Confined to the consumer's context.
 */
final class MetadataWatch {
    private final NetworkClient network;
    private final SubscriptionState subscriptions;

    MetadataWatch(NetworkClient network, SubscriptionState subscriptions) {
        this.network = network;
        this.subscriptions = subscriptions;
    }

    /**
     * Why to rejoin, or null.
     *
     * @param leaderTopicSizes the topic sizes this member assigned with, or null when it did not lead
     */
    String rejoinReason(Map<String, Integer> leaderTopicSizes) {
        if (subscriptions.matchPattern()) {
            network.addTopics(subscriptions.groupTopics());
            return "the subscribed pattern matches other topics";
        }
        if (leaderTopicSizes != null && sizesChanged(leaderTopicSizes)) {
            return "the partition counts of the group's topics changed";
        }
        return null;
    }

    private boolean sizesChanged(Map<String, Integer> assignedWith) {
        Set<String> topics = new HashSet<>(assignedWith.keySet());
        topics.addAll(subscriptions.groupTopics());
        for (String t : topics) {
            Metadata.TopicState st = network.metadata().topic(t);
            int now = st == null || st.error() != ErrorCode.NONE ? 0 : st.partitionCount();
            if (now != assignedWith.getOrDefault(t, 0)) {
                return true;
            }
        }
        return false;
    }
}
