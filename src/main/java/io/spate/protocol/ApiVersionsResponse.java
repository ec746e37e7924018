package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ApiVersions (18) response:
 * <pre>
 * array&lt;api: int16 api_key, int16 min_version, int16 max_version&gt;
 * </pre>
 */
public record ApiVersionsResponse(List<ApiVersion> apis) implements Message {

    /** One API this node speaks, with its version range. */
    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {
        static ApiVersion readFrom(ByteBuf in) {
            return new ApiVersion(Wire.readInt16(in), Wire.readInt16(in), Wire.readInt16(in));
        }

        void writeTo(ByteBuf out) {
            out.writeShort(apiKey).writeShort(minVersion).writeShort(maxVersion);
        }
    }

    /** Every key of {@link ApiKey}, from version 0 to its max version. */
    public static ApiVersionsResponse allKnown() {
        return new ApiVersionsResponse(java.util.Arrays.stream(ApiKey.values())
                .map(k -> new ApiVersion(k.id(), (short) 0, k.maxVersion())).toList());
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, apis, (o, a) -> a.writeTo(o));
    }

    public static ApiVersionsResponse readFrom(ByteBuf in) {
        return new ApiVersionsResponse(Wire.readArray(in, 6, ApiVersion::readFrom));
    }
}
