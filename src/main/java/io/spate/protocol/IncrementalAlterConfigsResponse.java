package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * IncrementalAlterConfigs (44) response:
 * <pre>
 * array&lt;topic: string name, int16 error_code, string error_message&gt;
 * </pre>
 */
public record IncrementalAlterConfigsResponse(List<TopicResult> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static IncrementalAlterConfigsResponse readFrom(ByteBuf in) {
        return new IncrementalAlterConfigsResponse(Wire.readArray(in, TopicResult.MIN_BYTES, TopicResult::readFrom));
    }
}
