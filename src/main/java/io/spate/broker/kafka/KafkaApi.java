package io.spate.broker.kafka;

import io.vertx.core.Future;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * One Kafka API as this node serves it: the adapter from a decoded request to the protocol-free
 * core. The answer is the response's generated data in the request's version, or null for none
 * (Produce with acks=0). A failure becomes the API's own error response (kafka-clients'
 * {@code getErrorResponse}), with the error code of a {@code SpateException} or UNKNOWN_SERVER_ERROR.
 */
@FunctionalInterface
interface KafkaApi {
    Future<ApiMessage> handle(KafkaRequest request);
}
