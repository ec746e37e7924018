package io.spate.transport;

import io.netty.buffer.ByteBuf;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.Message;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.function.Function;

/**
 * A request channel to one node at a known address, for a node's own traffic to another node (a
 * follower fetching from its leader): one {@link ClientConnection}, opened on the first request and
 * opened again on the next request after it closed. No metadata, no retries: a failed request fails
 * its Future with a retriable {@link ErrorCode#NETWORK_EXCEPTION} or {@link ErrorCode#REQUEST_TIMED_OUT}
 * (or the request-level error of the response header, as a {@link SpateException}) and the caller
 * decides when to try again.
 *
 * <p>Threading: call it from one context (the owner's); the Futures complete on the calling context.
 * A response reader runs on the connection's context while the frame is alive and must copy what it
 * keeps.
 *
 * <p>It lives in {@code transport} because it is the server's (the replica fetchers use it), and
 * the server never depends on the client library.
 */
public final class NodeChannel {
    private final Vertx vertx;
    private final ConnectionConfig config;
    private final NetClient netClient;
    private final int nodeId;
    private final String host;
    private final int port;
    private Future<ClientConnection> connection;
    private boolean closed;

    private NodeChannel(Vertx vertx, ConnectionConfig config, int nodeId, String host, int port) {
        this.vertx = vertx;
        this.config = config;
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
        this.netClient = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(config.connectTimeoutMs())
                .setTcpNoDelay(true));
    }

    /**
     * A channel to node {@code nodeId} at {@code host:port}; nothing is connected yet.
     *
     * @param clientId         the client_id of the request headers (e.g. {@code replica-fetcher-2})
     * @param connectTimeoutMs how long a connection attempt may take
     */
    public static NodeChannel create(Vertx vertx, int nodeId, String host, int port, String clientId,
                                     int connectTimeoutMs) {
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("connectTimeoutMs must be positive, was " + connectTimeoutMs);
        }
        ConnectionConfig config = new ConnectionConfig(clientId, 30_000, connectTimeoutMs);
        return new NodeChannel(vertx, config, nodeId, host, port);
    }

    public int nodeId() {
        return nodeId;
    }

    /**
     * Sends a request (connecting first if needed) and reads the response body with {@code reader}.
     *
     * @param timeoutMs how long to wait for the response once sent
     */
    public <T> Future<T> send(ApiKey key, Message body, Function<ByteBuf, T> reader, long timeoutMs) {
        return connection().compose(c -> c.send(key, body, reader, timeoutMs));
    }

    private Future<ClientConnection> connection() {
        if (closed) {
            return Future.failedFuture(new SpateException(ErrorCode.NETWORK_EXCEPTION,
                    "the channel to node " + nodeId + " is closed"));
        }
        Future<ClientConnection> existing = connection;
        if (existing != null && (!existing.isComplete() || existing.succeeded() && existing.result().isOpen())) {
            return existing;
        }
        connection = ClientConnection.connect(vertx, netClient, config, nodeId, host, port);
        return connection;
    }

    /** Closes the connection (pending requests fail with NETWORK_EXCEPTION) and the TCP client. */
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        Future<ClientConnection> current = connection;
        connection = null;
        Future<Void> conn = current == null ? Future.succeededFuture()
                : current.compose(ClientConnection::close, t -> Future.succeededFuture());
        return conn.transform(ar -> netClient.close());
    }
}
