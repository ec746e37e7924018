package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ListGroups (16) request: the groups this node coordinates.
 * <pre>
 * array&lt;string&gt; states_filter     empty = every state; not null
 * </pre>
 */
public record ListGroupsRequest(List<String> statesFilter) implements Message {

    /** A request for groups in every state. */
    public static ListGroupsRequest all() {
        return new ListGroupsRequest(List.of());
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, statesFilter, Wire::writeString);
    }

    public static ListGroupsRequest readFrom(ByteBuf in) {
        return new ListGroupsRequest(Wire.readStringArray(in));
    }
}
