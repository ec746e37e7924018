package io.spate.broker.core;

import java.util.Map;

/**
 * A topic to create. {@code partitions} and {@code replicationFactor} of -1 take the node defaults.
 */
public record TopicCreation(String name, int partitions, int replicationFactor, Map<String, String> configs) {
}
