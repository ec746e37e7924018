package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Metadata (3) request:
 * <pre>
 * array&lt;string&gt; topics                 null = all topics
 * bool          allow_auto_topic_creation
 * </pre>
 *
 * @param topics the topics to describe, or {@code null} for all
 */
public record MetadataRequest(List<String> topics, boolean allowAutoTopicCreation) implements Message {

    /** A request for every topic. */
    public static MetadataRequest allTopics() {
        return new MetadataRequest(null, false);
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeNullableArray(out, topics, Wire::writeString);
        Wire.writeBool(out, allowAutoTopicCreation);
    }

    public static MetadataRequest readFrom(ByteBuf in) {
        List<String> topics = Wire.readNullableStringArray(in);
        return new MetadataRequest(topics, Wire.readBool(in));
    }
}
