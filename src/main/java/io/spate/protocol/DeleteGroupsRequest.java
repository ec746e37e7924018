package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DeleteGroups (42) request, sent to the groups' coordinator:
 * <pre>
 * array&lt;string&gt; group_ids       not null
 * </pre>
 */
public record DeleteGroupsRequest(List<String> groupIds) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, groupIds, Wire::writeString);
    }

    public static DeleteGroupsRequest readFrom(ByteBuf in) {
        return new DeleteGroupsRequest(Wire.readStringArray(in));
    }
}
