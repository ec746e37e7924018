package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/** DescribeQuorum (55) request: an empty body; the node answers with its own view of the metadata quorum. */
public record DescribeQuorumRequest() implements Message {
    @Override
    public void writeTo(ByteBuf out) {
    }

    public static DescribeQuorumRequest readFrom(ByteBuf in) {
        return new DescribeQuorumRequest();
    }
}
