package io.spate.broker.kafka;

import io.spate.broker.core.TopicDirectory;
import io.spate.common.TopicId;
import org.apache.kafka.common.Uuid;

/** Topic ids between Spate's {@link TopicId} and Kafka's {@link Uuid}: an unknown id is Kafka's zero id. */
final class KafkaIds {
    private KafkaIds() {
    }

    static Uuid of(TopicId id) {
        return id == null ? Uuid.ZERO_UUID : new Uuid(id.mostSignificantBits(), id.leastSignificantBits());
    }

    /** The id Kafka clients are given for topic {@code name}: zero while it has none. */
    static Uuid of(TopicDirectory directory, String name) {
        return of(directory.topicId(name));
    }

    /** The topic named by {@code id}, or null when there is none (or the id is zero). */
    static String name(TopicDirectory directory, Uuid id) {
        if (id == null || Uuid.ZERO_UUID.equals(id)) {
            return null;
        }
        return directory.topicNameById(new TopicId(id.getMostSignificantBits(), id.getLeastSignificantBits()));
    }
}
