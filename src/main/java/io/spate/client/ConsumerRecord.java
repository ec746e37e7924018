package io.spate.client;

import io.spate.protocol.TopicPartition;
import io.spate.record.Header;
import io.spate.record.TimestampType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A record read from a partition; key, value and header values may be null. */
public record ConsumerRecord(String topic, int partition, long offset, long timestamp, TimestampType timestampType,
                             byte[] key, byte[] value, List<Header> headers) {

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The key as UTF-8 text, or null. */
    public String keyString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value as UTF-8 text, or null. */
    public String valueString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ConsumerRecord[" + topic + "-" + partition + "@" + offset + ", timestamp=" + timestamp
                + " (" + timestampType + "), key=" + (key == null ? "null" : key.length + " bytes")
                + ", value=" + (value == null ? "null" : value.length + " bytes") + ", headers=" + headers.size() + "]";
    }
}
