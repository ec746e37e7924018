package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * IncrementalAlterConfigs (44) request:
 * <pre>
 * array&lt;topic: string name, array&lt;op: string name, int8 op (0 set, 1 delete), string value&gt;&gt;
 * bool validate_only
 * </pre>
 * An op byte other than 0 or 1 is malformed.
 */
public record IncrementalAlterConfigsRequest(List<Topic> topics, boolean validateOnly) implements Message {

    /** What an op does to its config. */
    public enum OpType {
        /** Sets the override to {@code value}. */
        SET(0),
        /** Removes the override (back to the default); {@code value} is ignored, usually null. */
        DELETE(1);

        private final byte id;

        OpType(int id) {
            this.id = (byte) id;
        }

        public byte id() {
            return id;
        }
    }

    /** The changes to one topic's configuration. */
    public record Topic(String name, List<Op> ops) {
        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readArray(in, 5, Op::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, ops, (o, op) -> op.writeTo(o));
        }
    }

    /** One change: set {@code name} to {@code value}, or delete its override. */
    public record Op(String name, OpType op, String value) {
        static Op readFrom(ByteBuf in) {
            String name = Wire.readString(in);
            byte id = Wire.readInt8(in);
            OpType op = switch (id) {
                case 0 -> OpType.SET;
                case 1 -> OpType.DELETE;
                default -> throw new MalformedMessageException("unknown config op " + id, in.readerIndex() - 1);
            };
            return new Op(name, op, Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            out.writeByte(op.id());
            Wire.writeNullableString(out, value);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
        Wire.writeBool(out, validateOnly);
    }

    public static IncrementalAlterConfigsRequest readFrom(ByteBuf in) {
        List<Topic> topics = Wire.readArray(in, 6, Topic::readFrom);
        return new IncrementalAlterConfigsRequest(topics, Wire.readBool(in));
    }
}
