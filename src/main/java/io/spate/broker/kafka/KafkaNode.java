package io.spate.broker.kafka;

/** A node as Kafka clients are told of it: where its Kafka listener is. */
public record KafkaNode(int nodeId, String host, int port, String rack) {
    /**
     * The controller id Kafka clients are told: they send admin requests to it, so it must be a node
     * they reach (Kafka's KRaft brokers name any live broker; any Spate node takes them): the quorum's
     * controller if it runs a Kafka listener, else the lowest reachable node id.
     */
    static int controllerFor(int controllerId, java.util.List<KafkaNode> reachable) {
        int lowest = Integer.MAX_VALUE;
        for (KafkaNode n : reachable) {
            if (n.nodeId() == controllerId) {
                return controllerId;
            }
            lowest = Math.min(lowest, n.nodeId());
        }
        return reachable.isEmpty() ? controllerId : lowest;
    }
}
