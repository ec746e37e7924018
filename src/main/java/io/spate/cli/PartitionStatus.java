package io.spate.cli;

import io.spate.client.PartitionInfo;
import io.spate.client.PartitionReassignment;

/** One partition in a {@link ClusterReport}: its topic, whether that topic is internal, its metadata and state. */
record PartitionStatus(String topic, boolean internal, PartitionInfo info, PartitionHealth state) {
    /** @param move the partition's reassignment in progress, or null */
    static PartitionStatus of(String topic, boolean internal, PartitionInfo info, PartitionReassignment move) {
        return new PartitionStatus(topic, internal, info, PartitionHealth.of(info.leader(), info.replicas(), info.isr(), move));
    }

    /** {@code TOPIC-PARTITION}, as Kafka names partitions. */
    String name() {
        return topic + "-" + info.partition();
    }

    /** True when the partition is offline or under-replicated (a move in progress is not a problem). */
    boolean problem() {
        return state == PartitionHealth.OFFLINE || state == PartitionHealth.UNDER_REPLICATED;
    }
}
