package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * DescribeConfigs (32) response:
 * <pre>
 * array&lt;topic: string name, int16 error_code, string error_message,
 *       array&lt;config: string name, string value, bool is_default&gt;&gt;
 * </pre>
 */
public record DescribeConfigsResponse(List<TopicConfigs> topics) implements Message {

    /** The effective configuration of one topic. */
    public record TopicConfigs(String name, ErrorCode error, String errorMessage, List<ConfigEntry> configs) {
        static TopicConfigs readFrom(ByteBuf in) {
            return new TopicConfigs(Wire.readString(in), Wire.readError(in), Wire.readNullableString(in),
                    Wire.readArray(in, 5, ConfigEntry::readFrom));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeError(out, error);
            Wire.writeNullableString(out, errorMessage);
            Wire.writeArray(out, configs, (o, c) -> c.writeTo(o));
        }
    }

    /** One config: its value (may be null) and whether it is the default rather than an override. */
    public record ConfigEntry(String name, String value, boolean isDefault) {
        static ConfigEntry readFrom(ByteBuf in) {
            return new ConfigEntry(Wire.readString(in), Wire.readNullableString(in), Wire.readBool(in));
        }

        void writeTo(ByteBuf out) {
            Wire.writeString(out, name);
            Wire.writeNullableString(out, value);
            Wire.writeBool(out, isDefault);
        }
    }

    @Override
    public void writeTo(ByteBuf out) {
        Wire.writeArray(out, topics, (o, t) -> t.writeTo(o));
    }

    public static DescribeConfigsResponse readFrom(ByteBuf in) {
        return new DescribeConfigsResponse(Wire.readArray(in, 10, TopicConfigs::readFrom));
    }
}
