package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DeleteTopics (20) request:
 * <pre>
 * array&lt;string&gt; names
 * int32         timeout_ms
 * </pre>
 */
public record DeleteTopicsRequest(List<String> names, int timeoutMs) implements Message {
    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, names, Wire::writeString);
        out.writeInt(timeoutMs);
    }

    public static DeleteTopicsRequest readFrom(ByteBuf in) {
        List<String> names = Wire.readStringArray(in);
        return new DeleteTopicsRequest(names, Wire.readInt32(in));
    }
}
