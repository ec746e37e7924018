package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/** ApiVersions (18) request: an empty body. */
public record ApiVersionsRequest() implements Message {
    @Override
    public void writeTo(ByteBuf out) {
    }

    public static ApiVersionsRequest readFrom(ByteBuf in) {
        return new ApiVersionsRequest();
    }
}
