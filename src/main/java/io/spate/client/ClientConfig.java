package io.spate.client;

import java.util.List;
import java.util.Map;

/**
 * The settings every client shares: where to find the cluster and how long to wait for it. Mutable
 * options with fluent setters in the Vert.x manner; {@link #validate()} checks every value in one
 * place and is called when a client is created; {@code fromMap} of each subclass reads Kafka's key
 * names and refuses unknown keys.
 *
 * @param <C> the concrete options type, returned by the fluent setters
 */
public abstract class ClientConfig<C extends ClientConfig<C>> {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String CONNECT_TIMEOUT_MS = "socket.connection.setup.timeout.ms";
    public static final String RECONNECT_BACKOFF_MS = "reconnect.backoff.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnect.backoff.max.ms";

    public static final List<String> DEFAULT_BOOTSTRAP_SERVERS = List.of("127.0.0.1:9092");
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_METADATA_MAX_AGE_MS = 300_000;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 100;
    public static final long DEFAULT_RETRY_BACKOFF_MAX_MS = 1_000;
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_RECONNECT_BACKOFF_MS = 50;
    public static final long DEFAULT_RECONNECT_BACKOFF_MAX_MS = 1_000;

    /** host:port addresses of any nodes; the client learns the rest of the cluster from them. */
    private List<String> bootstrapServers = DEFAULT_BOOTSTRAP_SERVERS;
    /** Sent in every request header, for the broker's logs. */
    private String clientId;
    /** How long to wait for a response before failing the request (retriably). */
    private int requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
    /** Metadata older than this is refreshed even without an error pointing at it. */
    private long metadataMaxAgeMs = DEFAULT_METADATA_MAX_AGE_MS;
    /** First wait before retrying a retriable failure; doubles per attempt. */
    private long retryBackoffMs = DEFAULT_RETRY_BACKOFF_MS;
    /** Cap of the doubling retry wait. */
    private long retryBackoffMaxMs = DEFAULT_RETRY_BACKOFF_MAX_MS;
    /** How long a TCP connect may take. */
    private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
    /**
     * First wait before connecting again to a node whose last connection failed (could not be made,
     * or closed before it answered anything); doubles per failure in a row, with ±20% jitter.
     */
    private long reconnectBackoffMs = DEFAULT_RECONNECT_BACKOFF_MS;
    /** Cap of that doubling wait; below reconnect.backoff.ms it is the constant wait, as in Kafka. */
    private long reconnectBackoffMaxMs = DEFAULT_RECONNECT_BACKOFF_MAX_MS;

    protected ClientConfig(String defaultClientId) {
        this.clientId = defaultClientId;
    }

    @SuppressWarnings("unchecked")
    private C self() {
        return (C) this;
    }

    public List<String> getBootstrapServers() {
        return bootstrapServers;
    }

    public C setBootstrapServers(List<String> bootstrapServers) {
        this.bootstrapServers = List.copyOf(bootstrapServers);
        return self();
    }

    /** Convenience: a comma-separated list. */
    public C setBootstrapServers(String bootstrapServers) {
        return setBootstrapServers(ConfigValues.parseList(bootstrapServers));
    }

    public String getClientId() {
        return clientId;
    }

    public C setClientId(String clientId) {
        this.clientId = clientId;
        return self();
    }

    public int getRequestTimeoutMs() {
        return requestTimeoutMs;
    }

    public C setRequestTimeoutMs(int requestTimeoutMs) {
        this.requestTimeoutMs = requestTimeoutMs;
        return self();
    }

    public long getMetadataMaxAgeMs() {
        return metadataMaxAgeMs;
    }

    public C setMetadataMaxAgeMs(long metadataMaxAgeMs) {
        this.metadataMaxAgeMs = metadataMaxAgeMs;
        return self();
    }

    public long getRetryBackoffMs() {
        return retryBackoffMs;
    }

    public C setRetryBackoffMs(long retryBackoffMs) {
        this.retryBackoffMs = retryBackoffMs;
        return self();
    }

    public long getRetryBackoffMaxMs() {
        return retryBackoffMaxMs;
    }

    public C setRetryBackoffMaxMs(long retryBackoffMaxMs) {
        this.retryBackoffMaxMs = retryBackoffMaxMs;
        return self();
    }

    public int getConnectTimeoutMs() {
        return connectTimeoutMs;
    }

    public C setConnectTimeoutMs(int connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
        return self();
    }

    public long getReconnectBackoffMs() {
        return reconnectBackoffMs;
    }

    public C setReconnectBackoffMs(long reconnectBackoffMs) {
        this.reconnectBackoffMs = reconnectBackoffMs;
        return self();
    }

    public long getReconnectBackoffMaxMs() {
        return reconnectBackoffMaxMs;
    }

    public C setReconnectBackoffMaxMs(long reconnectBackoffMaxMs) {
        this.reconnectBackoffMaxMs = reconnectBackoffMaxMs;
        return self();
    }

    /** Checks every value; throws {@link IllegalArgumentException} naming the first bad key. */
    public C validate() {
        ConfigValues.checkAddresses(BOOTSTRAP_SERVERS, bootstrapServers);
        ConfigValues.checkRange(REQUEST_TIMEOUT_MS, requestTimeoutMs, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(METADATA_MAX_AGE_MS, metadataMaxAgeMs, 0, Long.MAX_VALUE);
        ConfigValues.checkRange(RETRY_BACKOFF_MS, retryBackoffMs, 0, Long.MAX_VALUE);
        ConfigValues.checkRange(RETRY_BACKOFF_MAX_MS, retryBackoffMaxMs, 0, Long.MAX_VALUE);
        ConfigValues.checkRange(CONNECT_TIMEOUT_MS, connectTimeoutMs, 1, Integer.MAX_VALUE);
        ConfigValues.checkRange(RECONNECT_BACKOFF_MS, reconnectBackoffMs, 0, Long.MAX_VALUE);
        ConfigValues.checkRange(RECONNECT_BACKOFF_MAX_MS, reconnectBackoffMaxMs, 0, Long.MAX_VALUE);
        validateSpecific();
        return self();
    }

    /** The subclass's checks, run by {@link #validate()} after the common ones. */
    protected abstract void validateSpecific();

    /** Applies one entry of a config map; subclasses handle their keys, then defer to this. */
    protected void apply(String key, String value) {
        switch (key) {
            case BOOTSTRAP_SERVERS -> setBootstrapServers(value);
            case CLIENT_ID -> setClientId(value);
            case REQUEST_TIMEOUT_MS -> setRequestTimeoutMs(ConfigValues.parseInt(key, value));
            case METADATA_MAX_AGE_MS -> setMetadataMaxAgeMs(ConfigValues.parseLong(key, value));
            case RETRY_BACKOFF_MS -> setRetryBackoffMs(ConfigValues.parseLong(key, value));
            case RETRY_BACKOFF_MAX_MS -> setRetryBackoffMaxMs(ConfigValues.parseLong(key, value));
            case CONNECT_TIMEOUT_MS -> setConnectTimeoutMs(ConfigValues.parseInt(key, value));
            case RECONNECT_BACKOFF_MS -> setReconnectBackoffMs(ConfigValues.parseLong(key, value));
            case RECONNECT_BACKOFF_MAX_MS -> setReconnectBackoffMaxMs(ConfigValues.parseLong(key, value));
            default -> throw new UnknownConfigKeyException(key);
        }
    }

    /**
     * Sets one option by its Kafka key name, as {@code fromMap} reads it, over what is already set;
     * {@link UnknownConfigKeyException} for a key this client does not have, IllegalArgumentException
     * for a value that does not parse. Ranges and combinations are checked by {@link #validate()}.
     */
    public C set(String key, String value) {
        apply(key, value);
        return self();
    }

    /** Applies every entry, then validates. */
    protected C applyAll(Map<String, String> map) {
        map.forEach((k, v) -> {
            if (v == null) {
                throw new IllegalArgumentException(k + " has no value");
            }
            apply(k, v);
        });
        return validate();
    }
}
