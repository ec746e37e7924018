package io.spate.cluster;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.spate.common.TopicId;
import java.io.IOException;

/**
 * The JSON form of a {@link TopicId} in Spate's metadata files and images: its text, 22 characters
 * of URL-safe base64 (as Kafka prints it), e.g. {@code "topicId": "qP7Yf1nQTtyvYz5d0c6Wlg"}. A value
 * that is not one is refused with the text in the message. ({@code io.spate.common} holds no
 * library, so the mapping lives here, for the cluster's image and a single node's catalogue.)
 */
public final class TopicIdJson {
    /** Register on an {@code ObjectMapper} that reads or writes topic ids. */
    public static final SimpleModule MODULE = new SimpleModule("spate-topic-id")
            .addSerializer(TopicId.class, new JsonSerializer<>() {
                @Override
                public void serialize(TopicId id, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeString(id.toString());
                }
            })
            .addDeserializer(TopicId.class, new JsonDeserializer<>() {
                @Override
                public TopicId deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        return (TopicId) ctx.handleUnexpectedToken(TopicId.class, p);
                    }
                    try {
                        return TopicId.parse(p.getText());
                    } catch (IllegalArgumentException e) {
                        return (TopicId) ctx.handleWeirdStringValue(TopicId.class, p.getText(), e.getMessage());
                    }
                }
            });

    private TopicIdJson() {
    }
}
