package io.spate.client;

import java.util.List;
import java.util.Map;

/** A topic: its partitions in order with leaders and log state, and its effective configs by name. */
public record TopicDescription(String name, boolean internal, List<PartitionInfo> partitions,
                               Map<String, TopicConfigEntry> configs) {
}
