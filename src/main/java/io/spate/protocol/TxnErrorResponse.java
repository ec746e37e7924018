package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The response of AddOffsetsToTxn (25) and EndTxn (26): one error for the whole request.
 * <pre>
 * int16  error_code
 * nullable string error_message
 * </pre>
 */
public record TxnErrorResponse(ErrorCode error, String errorMessage) implements Message {
    public static final TxnErrorResponse OK = new TxnErrorResponse(ErrorCode.NONE, null);

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
    }

    public static TxnErrorResponse readFrom(ByteBuf in) {
        return new TxnErrorResponse(Wire.readError(in), Wire.readNullableString(in));
    }
}
