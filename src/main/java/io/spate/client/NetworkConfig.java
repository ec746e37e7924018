package io.spate.client;

import io.spate.transport.ConnectionConfig;
import java.util.List;

/** The validated settings {@link NetworkClient} and {@link ClientConnection} use. */
record NetworkConfig(List<String> bootstrapServers, String clientId, int requestTimeoutMs, long metadataMaxAgeMs,
                     long retryBackoffMs, long retryBackoffMaxMs, int connectTimeoutMs) {

    /** What each connection is told: client id, request timeout, connect timeout. */
    ConnectionConfig connectionConfig() {
        return new ConnectionConfig(clientId, requestTimeoutMs, connectTimeoutMs);
    }

    /** Exponential backoff for the given attempt (1 = first retry), capped at retry.backoff.max.ms. */
    long backoffMs(int attempt) {
        return Backoff.exponential(retryBackoffMs, retryBackoffMaxMs, attempt);
    }
}
