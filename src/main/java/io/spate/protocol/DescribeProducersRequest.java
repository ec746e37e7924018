package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeProducers (61) request, sent to the leader of each partition named:
 * <pre>
 * array&lt;topic: string name, array&lt;int32 partition&gt;&gt;
 * </pre>
 */
public record DescribeProducersRequest(List<TopicPartitions> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static DescribeProducersRequest readFrom(ByteBuf in) {
        return new DescribeProducersRequest(Wire.readArray(in, TopicPartitions.MIN_BYTES, TopicPartitions::readFrom));
    }
}
