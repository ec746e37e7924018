package io.spate.broker.topic;

import io.spate.broker.core.PartitionLimitException;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partition replicas each node of a cluster holds in a metadata image, to check a change
 * against {@code max.broker.partitions} before it is written (so before any node makes a file).
 * Every node listed in a partition's replicas holds one, including both ends of a reassignment
 * under way. The limit is the one of the node that checks: the nodes of a cluster are meant to
 * share it, as Kafka's controller applies its own policy to every broker.
 *
 * <p>Not thread-safe: one per request attempt.
 */
final class PartitionBudget {
    private final Map<Integer, Integer> held = new HashMap<>();
    private final int limit;

    PartitionBudget(MetadataImage image, int limit) {
        this.limit = limit;
        for (TopicState t : image.topics().values()) {
            for (PartitionState p : t.partitions()) {
                p.replicas().forEach(node -> held.merge(node, 1, Integer::sum));
            }
        }
    }

    /** The replicas per node that {@code partitions} (new ones) would add. */
    static Map<Integer, Integer> replicasPerNode(List<PartitionState> partitions) {
        Map<Integer, Integer> adding = new TreeMap<>();
        partitions.forEach(p -> p.replicas().forEach(node -> adding.merge(node, 1, Integer::sum)));
        return adding;
    }

    /**
     * Why {@code adding} (replicas per node) cannot be taken for {@code topic}, or null when every
     * node stays within the limit; in that case the replicas are counted as held from then on.
     */
    String take(String topic, Map<Integer, Integer> adding) {
        for (Map.Entry<Integer, Integer> e : adding.entrySet()) {
            int now = held.getOrDefault(e.getKey(), 0);
            if (e.getValue() > 0 && now + e.getValue() > limit) {
                return PartitionLimitException.message(topic, "node " + e.getKey(), now, e.getValue(), limit);
            }
        }
        adding.forEach((node, n) -> held.merge(node, n, Integer::sum));
        return null;
    }
}
