package io.spate.transport;

/**
 * What a {@link ClientConnection} and its TCP client are told: the {@code client_id} of the request
 * headers, the timeout of a request that names none, and how long a connection attempt may take.
 * The client's own settings (bootstrap servers, metadata age, retry backoff) are no business of a
 * connection, and a node's channel to another node has none of them: they stay with the client.
 */
public record ConnectionConfig(String clientId, int requestTimeoutMs, int connectTimeoutMs) {
}
