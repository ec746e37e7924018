package io.spate.broker.core;

import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topic changes as the admin APIs ask for them, one result per topic. A single node applies them
 * to its own logs ({@link TopicManager}); a clustered node to the cluster's metadata, which every
 * node then applies to the replicas it holds.
 */
public interface TopicAdmin {
    Future<List<TopicOutcome>> createTopics(List<TopicCreation> requests, boolean validateOnly);

    Future<List<TopicOutcome>> deleteTopics(List<String> names);

    Future<List<TopicOutcome>> createPartitions(Map<String, Integer> newTotals, boolean validateOnly);

    Future<List<TopicOutcome>> alterConfigs(Map<String, ConfigChange> changes, boolean validateOnly);

    /**
     * Starts moving each partition to its target replicas (a null target cancels its move in
     * progress); one result per entry, in the map's order.
     */
    Future<Map<TopicPartition, ReassignmentOutcome>> alterReassignments(Map<TopicPartition, List<Integer>> targets);

    /**
     * Makes each partition's preferred replica (its first) its leader now, where that replica is live
     * and in sync: one result per partition asked, or for every partition of every topic when
     * {@code partitions} is null (by topic name, then partition). NONE: elected; ELECTION_NOT_NEEDED:
     * it leads already; PREFERRED_LEADER_NOT_AVAILABLE: not live or not in sync (the message says
     * which); UNKNOWN_TOPIC_OR_PARTITION. A partition that is not elected does not change.
     */
    Future<Map<TopicPartition, ElectionOutcome>> electPreferredLeaders(Set<TopicPartition> partitions);
}
