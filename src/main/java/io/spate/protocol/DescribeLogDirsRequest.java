package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeLogDirs (35) request:
 * <pre>
 * array&lt;string&gt; topics     null = all topics
 * </pre>
 */
public record DescribeLogDirsRequest(List<String> topics) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeNullableArray(out, topics, Wire::writeString);
    }

    public static DescribeLogDirsRequest readFrom(ByteBuf in) {
        return new DescribeLogDirsRequest(Wire.readNullableStringArray(in));
    }
}
