package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * CreateTopics (19) response:
 * <pre>
 * array&lt;topic: string name, int16 error_code, string error_message&gt;
 * </pre>
 */
public record CreateTopicsResponse(List<TopicResult> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static CreateTopicsResponse readFrom(ByteBuf in) {
        return new CreateTopicsResponse(Wire.readArray(in, TopicResult.MIN_BYTES, TopicResult::readFrom));
    }
}
