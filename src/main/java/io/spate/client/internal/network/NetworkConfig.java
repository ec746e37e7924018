package io.spate.client.internal.network;

import io.spate.client.ClientConfig;
import io.spate.transport.ConnectionConfig;
import java.util.List;

/**
 * The validated settings {@link NetworkClient} uses; each of its connections gets the part it needs
 * as a {@link ConnectionConfig}.
 */
public record NetworkConfig(List<String> bootstrapServers, String clientId, int requestTimeoutMs, long metadataMaxAgeMs,
                            long retryBackoffMs, long retryBackoffMaxMs, int connectTimeoutMs,
                            long reconnectBackoffMs, long reconnectBackoffMaxMs) {

    /** Kafka's spread of reconnect waits, so that clients cut off together do not come back together. */
    static final double RECONNECT_JITTER = 0.2;

    /** The subset of a client's (validated) settings the network layer needs. */
    public static NetworkConfig of(ClientConfig<?> config) {
        return new NetworkConfig(config.getBootstrapServers(), config.getClientId(), config.getRequestTimeoutMs(),
                config.getMetadataMaxAgeMs(), config.getRetryBackoffMs(), config.getRetryBackoffMaxMs(),
                config.getConnectTimeoutMs(), config.getReconnectBackoffMs(), config.getReconnectBackoffMaxMs());
    }

    /** What each connection is told: client id, request timeout, connect timeout. */
    ConnectionConfig connectionConfig() {
        return new ConnectionConfig(clientId, requestTimeoutMs, connectTimeoutMs);
    }

    /** Exponential backoff for the given attempt (1 = first retry), capped at retry.backoff.max.ms. */
    public long backoffMs(int attempt) {
        return Backoff.exponential(retryBackoffMs, retryBackoffMaxMs, attempt);
    }

    /**
     * The wait before the next connection attempt to a node after {@code failures} failed ones in a
     * row (at least 1): reconnect.backoff.ms doubling per failure up to reconnect.backoff.max.ms, with
     * ±20% jitter but never above the cap. A cap below the base is Kafka's constant backoff of the
     * cap, without jitter. {@code random} is a draw in [0, 1).
     */
    long reconnectBackoffMs(int failures, double random) {
        if (reconnectBackoffMaxMs < reconnectBackoffMs) {
            return reconnectBackoffMaxMs;
        }
        long ms = Backoff.exponential(reconnectBackoffMs, reconnectBackoffMaxMs, failures);
        return Math.min(Backoff.jitter(ms, RECONNECT_JITTER, random), reconnectBackoffMaxMs);
    }
}
