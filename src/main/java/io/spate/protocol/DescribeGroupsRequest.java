package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeGroups (15) request, sent to the groups' coordinator:
 * <pre>
 * array&lt;string&gt; group_ids       not null
 * </pre>
 */
public record DescribeGroupsRequest(List<String> groupIds) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, groupIds, Wire::writeString);
    }

    public static DescribeGroupsRequest readFrom(ByteBuf in) {
        return new DescribeGroupsRequest(Wire.readStringArray(in));
    }
}
