package io.spate.broker.core;

import io.spate.log.LogConfig;

/**
 * What a new topic gets where its creator says nothing: {@code num.partitions},
 * {@code default.replication.factor} and the node's {@code log.*} settings.
 *
 * @param partitions        partitions of a topic created without a count
 * @param replicationFactor replicas of a topic created without a factor
 * @param config            the log settings of a topic without overrides
 */
public record TopicDefaults(int partitions, int replicationFactor, LogConfig config) {
}
