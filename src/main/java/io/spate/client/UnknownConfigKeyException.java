package io.spate.client;

/** A client config key that the client it was given to does not have (Kafka's key names). */
public final class UnknownConfigKeyException extends IllegalArgumentException {
    private final String key;

    public UnknownConfigKeyException(String key) {
        super("unknown config key '" + key + "'");
        this.key = key;
    }

    /** The key as given. */
    public String key() {
        return key;
    }
}
