package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Produce (0) request:
 * <pre>
 * int16 acks          0, 1 or -1 (all); with 0 the node sends no response frame
 * int32 timeout_ms
 * array&lt;topic: string name, array&lt;partition: int32 partition, records records&gt;&gt;
 * </pre>
 *
 * <p>{@code records} buffers read by {@link #readFrom} are slices of the frame, neither retained
 * nor copied: they are valid only while the frame lives (retain the frame to keep them).
 * {@link #writeTo} copies their readable bytes without moving their reader index.
 */
public record ProduceRequest(short acks, int timeoutMs, List<TopicData> topics) implements Message {
    public static final short ACKS_NONE = 0;
    public static final short ACKS_LEADER = 1;
    public static final short ACKS_ALL = -1;

    /** The data for one topic. */
    public record TopicData(String name, List<PartitionData> partitions) {
        static TopicData readFrom(ByteBuf in) {
            return new TopicData(Wire.readString(in), Wire.readArray(in, 8, PartitionData::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition's record batches, back to back; {@code records} is null when the wire says -1. */
    public record PartitionData(int partition, ByteBuf records) {
        static PartitionData readFrom(ByteBuf in) {
            return new PartitionData(Wire.readInt32(in), Wire.readRecords(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeRecords(out, records);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeShort(acks);
        out.writeInt(timeoutMs);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static ProduceRequest readFrom(ByteBuf in) {
        short acks = Wire.readInt16(in);
        int timeoutMs = Wire.readInt32(in);
        return new ProduceRequest(acks, timeoutMs, Wire.readArray(in, 6, TopicData::readFrom));
    }
}
