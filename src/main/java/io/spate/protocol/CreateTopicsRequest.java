package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * CreateTopics (19) request:
 * <pre>
 * array&lt;topic: string name, int32 num_partitions (-1 = default),
 *       int16 replication_factor (-1 = default),
 *       array&lt;config: string name, string value&gt;&gt;
 * int32 timeout_ms
 * bool  validate_only
 * </pre>
 */
public record CreateTopicsRequest(List<Topic> topics, int timeoutMs, boolean validateOnly) implements Message {
    /** num_partitions / replication_factor meaning "the node's default". */
    public static final int DEFAULT = -1;

    /** One topic to create. */
    public record Topic(String name, int numPartitions, short replicationFactor, List<Config> configs) {
        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readInt32(in), Wire.readInt16(in),
                    Wire.readArray(in, 4, Config::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            out.writeInt(numPartitions).writeShort(replicationFactor);
            Wire.writeArray(out, configs, (o, c) -> c.writeTo(o));
        }
    }

    /** A topic config override; {@code value} may be null on the wire (the node decides if that is valid). */
    public record Config(String name, String value) {
        static Config readFrom(ByteBuf in) {
            return new Config(Wire.readString(in), Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeNullableString(out, value);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
        out.writeInt(timeoutMs);
        Wire.writeBool(out, validateOnly);
    }

    public static CreateTopicsRequest readFrom(ByteBuf in) {
        List<Topic> topics = Wire.readArray(in, 12, Topic::readFrom);
        int timeoutMs = Wire.readInt32(in);
        return new CreateTopicsRequest(topics, timeoutMs, Wire.readBool(in));
    }
}
