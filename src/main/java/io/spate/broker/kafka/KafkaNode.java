package io.spate.broker.kafka;

/** A node as Kafka clients are told of it: where its Kafka listener is. */
public record KafkaNode(int nodeId, String host, int port, String rack) {
}
