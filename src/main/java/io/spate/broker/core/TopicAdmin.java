package io.spate.broker.core;

import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

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
}
