package io.spate.log;

/**
 * Which clock a topic's record timestamps come from: Kafka's {@code message.timestamp.type}.
 *
 * <p>{@link #CREATE_TIME}: the producer's timestamps are stored as sent. {@link #LOG_APPEND_TIME}: the
 * broker overwrites the batch timestamps with its own clock on append and sets bit 3 of the batch
 * attributes, so every record of the batch reads as appended at that time.
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
