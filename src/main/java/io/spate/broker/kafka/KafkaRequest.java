package io.spate.broker.kafka;

import io.spate.broker.wire.FrameHandler;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/** One decoded Kafka request: its header, its body (kafka-clients' wrapper of the generated data), and where it came from. */
record KafkaRequest(RequestHeader header, AbstractRequest body, FrameHandler.RequestScope scope) {
    short version() {
        return header.apiVersion();
    }

    @SuppressWarnings("unchecked")
    <T extends AbstractRequest> T body(Class<T> type) {
        return (T) body;
    }
}
