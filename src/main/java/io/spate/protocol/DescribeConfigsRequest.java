package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeConfigs (32) request:
 * <pre>
 * array&lt;string&gt; topics
 * </pre>
 */
public record DescribeConfigsRequest(List<String> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, Wire::writeString);
    }

    public static DescribeConfigsRequest readFrom(ByteBuf in) {
        return new DescribeConfigsRequest(Wire.readStringArray(in));
    }
}
