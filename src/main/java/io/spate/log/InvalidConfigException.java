package io.spate.log;

/**
 * A topic-level setting was refused: unknown key, unparsable or out-of-range value. The message names
 * the key and says what was wrong; {@link #key()} gives the key alone (the broker answers
 * {@code INVALID_CONFIG} with it).
 */
public final class InvalidConfigException extends RuntimeException {
    private final String key;

    private InvalidConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The value given for {@code key} cannot be parsed or is out of range; {@code problem} says why. */
    public static InvalidConfigException badValue(String key, Object value, String problem) {
        return new InvalidConfigException(key, "invalid value '" + value + "' for topic config " + key + ": " + problem);
    }

    /** {@code key} is not a topic setting at all. */
    public static InvalidConfigException unknownKey(String key) {
        return new InvalidConfigException(key, "unknown topic config key '" + key + "'");
    }

    /** The Kafka name of the offending setting, such as {@code segment.bytes}. */
    public String key() {
        return key;
    }
}
