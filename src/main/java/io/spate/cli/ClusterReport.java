package io.spate.cli;

import io.spate.client.ClusterDescription;
import io.spate.client.Node;
import io.spate.client.PartitionInfo;
import io.spate.client.PartitionReassignment;
import io.spate.client.TopicDescription;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What {@code spate cluster describe} and {@code spate cluster health} know of a cluster: its nodes,
 * every partition of every topic (internal ones included) with its {@link PartitionHealth}, the counts
 * and the verdict. Pure: built from the admin client's values, so the verdict is tested without a
 * broker. A node missing from the metadata cannot be told from one never configured, so nodes play
 * no part in the verdict.
 *
 * @param partitions sorted by topic, then partition
 */
record ClusterReport(ClusterDescription cluster, List<PartitionStatus> partitions) {
    ClusterReport {
        partitions = partitions.stream().sorted(Comparator.comparing(PartitionStatus::topic)
                .thenComparingInt(p -> p.info().partition())).toList();
    }

    /** The report of these nodes and topics, none of them being moved. */
    static ClusterReport of(ClusterDescription cluster, Collection<TopicDescription> topics) {
        return of(cluster, topics, Map.of());
    }

    /** The report of these nodes and topics, {@code moving} the partitions being reassigned. */
    static ClusterReport of(ClusterDescription cluster, Collection<TopicDescription> topics,
                            Map<TopicPartition, PartitionReassignment> moving) {
        List<PartitionStatus> partitions = new ArrayList<>();
        for (TopicDescription t : topics) {
            for (PartitionInfo p : t.partitions()) {
                partitions.add(PartitionStatus.of(t.name(), t.internal(), p, moving.get(new TopicPartition(t.name(), p.partition()))));
            }
        }
        return new ClusterReport(cluster, partitions);
    }

    List<Node> nodes() {
        return cluster.nodes();
    }

    /** The controller's id, -1 when the metadata names none. */
    int controllerId() {
        return cluster.controllerId();
    }

    long count(PartitionHealth state) {
        return partitions.stream().filter(p -> p.state() == state).count();
    }

    /** The partitions that are not {@link PartitionHealth#OK}: offline ones first, then by topic and partition. */
    List<PartitionStatus> problems() {
        return partitions.stream().filter(PartitionStatus::problem)
                .sorted(Comparator.comparing((PartitionStatus p) -> p.state() != PartitionHealth.OFFLINE)).toList();
    }

    /** True when every partition has a leader and a full ISR (also when there are no partitions). */
    boolean healthy() {
        return partitions.stream().noneMatch(PartitionStatus::problem);
    }
}
