package io.spate.broker.core;

import io.spate.protocol.AlterPartitionReassignmentsResponse.PartitionResult;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicResult;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Topic changes as the admin APIs ask for them, one result per topic. A single node applies them
 * to its own logs ({@link TopicManager}); a clustered node to the cluster's metadata, which every
 * node then applies to the replicas it holds.
 */
public interface TopicAdmin {
    Future<List<TopicResult>> createTopics(List<TopicCreation> requests, boolean validateOnly);

    Future<List<TopicResult>> deleteTopics(List<String> names);

    Future<List<TopicResult>> createPartitions(Map<String, Integer> newTotals, boolean validateOnly);

    Future<List<TopicResult>> alterConfigs(Map<String, ConfigChange> changes, boolean validateOnly);

    /**
     * Starts moving each partition to its target replicas (a null target cancels its move in
     * progress); one result per entry, in the map's order.
     */
    Future<Map<TopicPartition, PartitionResult>> alterReassignments(Map<TopicPartition, List<Integer>> targets);
}
