package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * CreatePartitions (37) response:
 * <pre>
 * array&lt;topic: string name, int16 error_code, string error_message&gt;
 * </pre>
 */
public record CreatePartitionsResponse(List<TopicResult> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static CreatePartitionsResponse readFrom(ByteBuf in) {
        return new CreatePartitionsResponse(Wire.readArray(in, TopicResult.MIN_BYTES, TopicResult::readFrom));
    }
}
