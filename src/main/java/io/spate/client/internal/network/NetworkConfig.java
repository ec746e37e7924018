package io.spate.client.internal.network;

import io.spate.client.ClientConfig;
import io.spate.transport.ConnectionConfig;
import java.util.List;

/**
 * The validated settings {@link NetworkClient} uses; each of its connections gets the part it needs
 * as a {@link ConnectionConfig}.
 */
public record NetworkConfig(List<String> bootstrapServers, String clientId, int requestTimeoutMs, long metadataMaxAgeMs,
                            long retryBackoffMs, long retryBackoffMaxMs, int connectTimeoutMs) {

    /** The subset of a client's (validated) settings the network layer needs. */
    public static NetworkConfig of(ClientConfig<?> config) {
        return new NetworkConfig(config.getBootstrapServers(), config.getClientId(), config.getRequestTimeoutMs(),
                config.getMetadataMaxAgeMs(), config.getRetryBackoffMs(), config.getRetryBackoffMaxMs(),
                config.getConnectTimeoutMs());
    }

    /** What each connection is told: client id, request timeout, connect timeout. */
    ConnectionConfig connectionConfig() {
        return new ConnectionConfig(clientId, requestTimeoutMs, connectTimeoutMs);
    }

    /** Exponential backoff for the given attempt (1 = first retry), capped at retry.backoff.max.ms. */
    public long backoffMs(int attempt) {
        return Backoff.exponential(retryBackoffMs, retryBackoffMaxMs, attempt);
    }
}
