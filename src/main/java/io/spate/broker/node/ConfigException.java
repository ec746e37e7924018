package io.spate.broker.node;

/** A configuration key with a bad value, or a key Spate does not know; the message names the key. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String message) {
        super("config key '" + key + "': " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
