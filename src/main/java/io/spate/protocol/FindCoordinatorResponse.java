package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * FindCoordinator (10) response:
 * <pre>
 * int16  error_code
 * string error_message   may be null
 * int32  node_id         -1 on error
 * string host            "" on error
 * int32  port            -1 on error
 * </pre>
 */
public record FindCoordinatorResponse(ErrorCode error, String errorMessage, int nodeId, String host, int port)
        implements Message {
    /** The {@code node_id} and {@code port} of a response that names no coordinator. */
    public static final int NO_NODE = -1;

    /** A successful answer naming the coordinator. */
    public static FindCoordinatorResponse coordinator(int nodeId, String host, int port) {
        return new FindCoordinatorResponse(ErrorCode.NONE, null, nodeId, host, port);
    }

    /** An error answer: no node, empty host. */
    public static FindCoordinatorResponse error(ErrorCode error, String errorMessage) {
        return new FindCoordinatorResponse(error, errorMessage, NO_NODE, "", NO_NODE);
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        out.writeInt(nodeId);
        Wire.writeString(out, host);
        out.writeInt(port);
    }

    public static FindCoordinatorResponse readFrom(ByteBuf in) {
        return new FindCoordinatorResponse(Wire.readError(in), Wire.readNullableString(in), Wire.readInt32(in),
                Wire.readString(in), Wire.readInt32(in));
    }
}
