package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * CreatePartitions (37) request:
 * <pre>
 * array&lt;topic: string name, int32 count&gt;     count = the new total
 * int32 timeout_ms
 * bool  validate_only
 * </pre>
 */
public record CreatePartitionsRequest(List<Topic> topics, int timeoutMs, boolean validateOnly) implements Message {

    /** A topic and its new total partition count. */
    public record Topic(String name, int count) {
        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readInt32(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            out.writeInt(count);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
        out.writeInt(timeoutMs);
        Wire.writeBool(out, validateOnly);
    }

    public static CreatePartitionsRequest readFrom(ByteBuf in) {
        List<Topic> topics = Wire.readArray(in, 6, Topic::readFrom);
        int timeoutMs = Wire.readInt32(in);
        return new CreatePartitionsRequest(topics, timeoutMs, Wire.readBool(in));
    }
}
