package io.spate.record;

/**
 * What a record's timestamp means, bit 3 of a v2 batch's attributes
 * ({@link RecordBatch#TIMESTAMP_TYPE_MASK}, {@link RecordBatch#isLogAppendTime()}), and the clock a
 * topic's timestamps come from: Kafka's {@code message.timestamp.type}. The log reads it from a
 * topic's config, the consumer from each batch it receives.
 *
 * <p>{@link #CREATE_TIME} (bit clear): the producer's timestamps, stored as sent.
 * {@link #LOG_APPEND_TIME} (bit set): the broker overwrote the batch timestamps with its own clock
 * on append, so every record of the batch reads as appended at that time.
 */
public enum TimestampType {
    CREATE_TIME("CreateTime"),
    LOG_APPEND_TIME("LogAppendTime");

    private final String configName;

    TimestampType(String configName) {
        this.configName = configName;
    }

    /** The value as written in a topic config ({@code CreateTime} / {@code LogAppendTime}). */
    public String configName() {
        return configName;
    }

    /** The type whose config name is {@code name} (exact, as Kafka); IllegalArgumentException otherwise. */
    public static TimestampType forConfigName(String name) {
        for (TimestampType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not one of CreateTime, LogAppendTime");
    }
}
