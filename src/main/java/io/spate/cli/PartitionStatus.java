package io.spate.cli;

import io.spate.client.PartitionInfo;

/** One partition in a {@link ClusterReport}: its topic, whether that topic is internal, its metadata and state. */
record PartitionStatus(String topic, boolean internal, PartitionInfo info, PartitionState state) {
    static PartitionStatus of(String topic, boolean internal, PartitionInfo info) {
        return new PartitionStatus(topic, internal, info, PartitionState.of(info.leader(), info.replicas(), info.isr()));
    }

    /** {@code TOPIC-PARTITION}, as Kafka names partitions. */
    String name() {
        return topic + "-" + info.partition();
    }

    /** True unless the partition is {@link PartitionState#OK}. */
    boolean problem() {
        return state != PartitionState.OK;
    }
}
