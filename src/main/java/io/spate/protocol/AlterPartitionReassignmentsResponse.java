package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * AlterPartitionReassignments (45) response: a request-level error (NOT_CONTROLLER when the
 * cluster's metadata cannot change now; nothing was changed then), and each partition's outcome:
 * <pre>
 * int16  error_code
 * string error_message                                                  may be null
 * array&lt;topic: string name, array&lt;partition: int32 partition, int16 error_code, string error_message&gt;&gt;
 * </pre>
 */
public record AlterPartitionReassignmentsResponse(ErrorCode error, String errorMessage, List<Topic> topics)
        implements Message {

    /** The outcomes for one topic's partitions. */
    public record Topic(String name, List<PartitionResult> partitions) {
        static Topic readFrom(ByteBuf in) {
            return new Topic(Wire.readString(in), Wire.readArray(in, 8, PartitionResult::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeArray(out, partitions, (o, p) -> p.writeTo(o));
        }
    }

    /** One partition's outcome; {@code errorMessage} may be null. */
    public record PartitionResult(int partition, ErrorCode error, String errorMessage) {
        static PartitionResult readFrom(ByteBuf in) {
            return new PartitionResult(Wire.readInt32(in), Wire.readError(in), Wire.readNullableString(in));
        }

        void writeTo(ByteBuf out) {
            out.writeInt(partition);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static AlterPartitionReassignmentsResponse readFrom(ByteBuf in) {
        ErrorCode error = Wire.readError(in);
        String message = Wire.readNullableString(in);
        return new AlterPartitionReassignmentsResponse(error, message, Wire.readArray(in, 6, Topic::readFrom));
    }
}
