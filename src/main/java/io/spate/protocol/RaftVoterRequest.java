package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * AddRaftVoter (80) and RemoveRaftVoter (81) request, Spate's small form: the node to add or remove.
 * <pre>
 * int32  node_id
 * </pre>
 */
public record RaftVoterRequest(int nodeId) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        out.writeInt(nodeId);
    }

    public static RaftVoterRequest readFrom(ByteBuf in) {
        return new RaftVoterRequest(Wire.readInt32(in));
    }
}
