/**
 * The Kafka-protocol listener (issue 17): Apache Kafka's wire protocol in front of the same
 * protocol-free core as the native listener ({@code io.spate.broker.wire}), so that unmodified Kafka
 * clients, tools, Streams apps and connectors work against Spate. Requests and responses are
 * kafka-clients' generated message classes ({@code org.apache.kafka.common.message}), read and
 * written by {@link io.spate.broker.kafka.KafkaFrames}; each API is an adapter that calls the core.
 * See docs/kafka-compatibility.md.
 */
package io.spate.broker.kafka;
