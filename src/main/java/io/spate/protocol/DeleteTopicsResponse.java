package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DeleteTopics (20) response:
 * <pre>
 * array&lt;topic: string name, int16 error_code, string error_message&gt;
 * </pre>
 */
public record DeleteTopicsResponse(List<TopicResult> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static DeleteTopicsResponse readFrom(ByteBuf in) {
        return new DeleteTopicsResponse(Wire.readArray(in, TopicResult.MIN_BYTES, TopicResult::readFrom));
    }
}
