package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The header that starts every request frame (after the size prefix):
 *
 * <pre>
 * int16  api_key
 * int16  api_version
 * int32  correlation_id   chosen by the client, echoed in the response
 * string client_id        may be null
 * </pre>
 *
 * @param apiKey the key for {@code apiKeyId}, or {@code null} when this build does not know it (the
 *               broker then answers UNSUPPORTED_VERSION with the correlation id)
 */
public record RequestHeader(ApiKey apiKey, short apiKeyId, short apiVersion, int correlationId, String clientId)
        implements Message {

    /** A header for a known key. */
    public RequestHeader(ApiKey apiKey, short apiVersion, int correlationId, String clientId) {
        this(apiKey, apiKey.id(), apiVersion, correlationId, clientId);
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeShort(apiKeyId);
        out.writeShort(apiVersion);
        out.writeInt(correlationId);
        Wire.writeNullableString(out, clientId);
    }

    public static RequestHeader readFrom(ByteBuf in) {
        short keyId = Wire.readInt16(in);
        short version = Wire.readInt16(in);
        int correlationId = Wire.readInt32(in);
        String clientId = Wire.readNullableString(in);
        return new RequestHeader(ApiKey.forId(keyId), keyId, version, correlationId, clientId);
    }
}
