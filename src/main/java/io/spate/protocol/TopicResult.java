package io.spate.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The per-topic outcome shared by the CreateTopics, DeleteTopics, CreatePartitions and
 * IncrementalAlterConfigs responses:
 * <pre>
 * string name, int16 error_code, string error_message (may be null)
 * </pre>
 */
public record TopicResult(String name, ErrorCode error, String errorMessage) {
    /** The smallest wire size: two empty strings and an error code. */
    static final int MIN_BYTES = 6;

    public static TopicResult ok(String name) {
        return new TopicResult(name, ErrorCode.NONE, null);
    }

    public void writeTo(ByteBuf out) {
        Wire.writeString(out, name);
        Wire.writeError(out, error);
        Wire.writeNullableString(out, errorMessage);
    }

    public static TopicResult readFrom(ByteBuf in) {
        return new TopicResult(Wire.readString(in), Wire.readError(in), Wire.readNullableString(in));
    }
}
