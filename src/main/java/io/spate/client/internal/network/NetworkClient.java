package io.spate.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.spate.client.Node;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.Message;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.SpateException;
import io.spate.transport.ClientConnection;
import io.spate.transport.ConnectionConfig;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The clients' way to the cluster (internal): one lazily opened {@link ClientConnection} per node
 * id, the bootstrap addresses for the first contact, and the {@link Metadata} cache. Metadata is
 * refreshed on demand (coalesced: one Metadata request at a time), after errors that say it is out
 * of date ({@link #isMetadataError}), and every {@code metadata.max.age.ms}.
 *
 * <p>A node (or bootstrap address) whose connections fail — cannot be made, or close before their
 * first response, as a node over {@code max.connections} closes them — is not connected to again
 * before its reconnect backoff has passed ({@link ReconnectBackoffs}, Kafka's
 * {@code reconnect.backoff.ms}/{@code reconnect.backoff.max.ms}); a request for it waits on a timer.
 *
 * <p>Threading: every method must be called on the owning client's context ({@link #context()});
 * the Futures returned complete there.
 */
public final class NetworkClient {
    /** Bootstrap addresses get ids below this, so they never collide with real node ids. */
    private static final int BOOTSTRAP_ID_BASE = -1000;

    private final Vertx vertx;
    private final LoopContext context;
    private final NetworkConfig config;
    private final ConnectionConfig connectionConfig;
    private final NetClient netClient;
    private final Metadata metadata = new Metadata();
    private final Map<Integer, Future<ClientConnection>> connections = new HashMap<>();
    private final Set<String> topics = new HashSet<>();
    /** Nodes (and bootstrap addresses) whose last connection attempts failed, and their backoff. */
    private final ReconnectBackoffs reconnects;
    private final List<Runnable> metadataListeners = new ArrayList<>();
    private boolean allTopics;
    private Future<Metadata> refreshInFlight;
    private int cursor;
    private long maxAgeTimer = -1;
    private boolean closed;

    NetworkClient(Vertx vertx, LoopContext context, NetworkConfig config) {
        this.vertx = vertx;
        this.context = context;
        this.config = config;
        this.connectionConfig = config.connectionConfig();
        this.reconnects = new ReconnectBackoffs(config, () -> ThreadLocalRandom.current().nextDouble());
        this.netClient = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(config.connectTimeoutMs())
                .setTcpNoDelay(true));
    }

    public LoopContext context() {
        return context;
    }

    public NetworkConfig config() {
        return config;
    }

    public Metadata metadata() {
        return metadata;
    }

    public long nowMs() {
        return System.currentTimeMillis();
    }

    /** Keeps every topic in the metadata (admin); otherwise only topics added with {@link #addTopics}. */
    public void trackAllTopics() {
        allTopics = true;
    }

    /** Runs {@code listener} on this context after every metadata update. */
    public void onMetadataUpdate(Runnable listener) {
        metadataListeners.add(listener);
    }

    public void addTopics(Collection<String> names) {
        topics.addAll(names);
    }

    /** True for errors after which the metadata must be refreshed before retrying. */
    public static boolean isMetadataError(ErrorCode e) {
        return switch (e) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, FENCED_LEADER_EPOCH,
                    UNKNOWN_LEADER_EPOCH, NETWORK_EXCEPTION, NOT_CONTROLLER, REQUEST_TIMED_OUT -> true;
            default -> false;
        };
    }

    public static ErrorCode errorOf(Throwable t) {
        return t instanceof SpateException se ? se.error() : ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    /** A failure as the SpateException it is, or wrapped as UNKNOWN_SERVER_ERROR. */
    public static SpateException asSpate(Throwable t) {
        return t instanceof SpateException se ? se
                : new SpateException(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(t), t);
    }

    public static boolean isRetriable(Throwable t) {
        return t instanceof SpateException se && se.retriable();
    }

    /** Sends to a node, connecting first if needed. */
    public <T> Future<T> send(int nodeId, ApiKey key, Message body, Function<ByteBuf, T> reader) {
        return send(nodeId, key, body, reader, config.requestTimeoutMs());
    }

    /**
     * Sends to a node, connecting first if needed. Waiting for the end of the node's reconnect backoff
     * counts against {@code timeoutMs}; the request then has what is left of it.
     */
    public <T> Future<T> send(int nodeId, ApiKey key, Message body, Function<ByteBuf, T> reader, long timeoutMs) {
        return awaitReconnectBackoff(nodeId, timeoutMs).compose(waited -> connection(nodeId)
                .compose(c -> c.send(key, body, reader, Math.max(1, timeoutMs - waited))));
    }

    public Future<Void> sendWithoutResponse(int nodeId, ApiKey key, Message body) {
        return awaitReconnectBackoff(nodeId, config.requestTimeoutMs())
                .compose(waited -> connection(nodeId))
                .compose(c -> c.sendWithoutResponse(key, body));
    }

    /**
     * Completes, with the ms it waited, once a connection attempt to {@code nodeId} may start (at
     * once if it has a connection or is not in backoff): a timer on this context, never a spin. A
     * backoff that ends after {@code maxWaitMs} fails the caller retriably once {@code maxWaitMs} has
     * passed, as a request to a silent node fails at its timeout.
     */
    private Future<Long> awaitReconnectBackoff(int nodeId, long maxWaitMs) {
        long wait = usable(connections.get(nodeId)) ? 0 : reconnects.remainingMs(nodeId, nowMs());
        if (wait <= 0 || closed) {
            return Future.succeededFuture(0L);
        }
        if (wait > maxWaitMs) {
            int failures = reconnects.failures(nodeId);
            return delay(maxWaitMs).compose(v -> Future.failedFuture(new SpateException(ErrorCode.NETWORK_EXCEPTION,
                    "node " + nodeId + " failed " + failures + " connection attempts in a row; the next may start in "
                            + wait + " ms, after the request's timeout of " + maxWaitMs + " ms")));
        }
        return delay(wait).compose(v -> awaitReconnectBackoff(nodeId, maxWaitMs - wait).map(w -> w + wait));
    }

    /** Sends to the controller when known, else to any node. */
    public <T> Future<T> sendToController(ApiKey key, Message body, Function<ByteBuf, T> reader, long timeoutMs) {
        int controller = metadata.controllerId();
        if (controller != Metadata.NO_NODE && metadata.node(controller) != null) {
            return send(controller, key, body, reader, timeoutMs);
        }
        return send(anyNode(), key, body, reader, timeoutMs);
    }

    /**
     * Sends to the first bootstrap address (in the configured order) that takes the request: the node
     * this client was pointed at, whatever id it has. An address whose request fails is skipped; the
     * last one's failure is the answer.
     */
    public <T> Future<T> sendToBootstrap(ApiKey key, Message body, Function<ByteBuf, T> reader) {
        return sendToBootstrap(0, key, body, reader);
    }

    private <T> Future<T> sendToBootstrap(int index, ApiKey key, Message body, Function<ByteBuf, T> reader) {
        Future<T> sent = send(bootstrapId(index), key, body, reader, config.requestTimeoutMs());
        return index + 1 >= config.bootstrapServers().size() ? sent
                : sent.recover(err -> sendToBootstrap(index + 1, key, body, reader));
    }

    public <T> Future<T> sendToAnyNode(ApiKey key, Message body, Function<ByteBuf, T> reader) {
        return send(anyNode(), key, body, reader, config.requestTimeoutMs());
    }

    /**
     * A node already connected if there is one, else the next known node whose last connection
     * attempt did not fail, else the next bootstrap address (preferring one that did not fail). So a
     * client whose metadata names only nodes that died goes back to its bootstrap list, as Kafka's
     * {@code metadata.recovery.strategy=rebootstrap}, instead of asking the dead ones forever.
     */
    int anyNode() {
        for (Map.Entry<Integer, Future<ClientConnection>> e : connections.entrySet()) {
            Future<ClientConnection> f = e.getValue();
            if (e.getKey() >= 0 && f.succeeded() && f.result().isOpen()) {
                return e.getKey();
            }
        }
        List<Integer> known = new ArrayList<>();
        metadata.nodes().forEach(n -> known.add(n.id()));
        known.sort(null);
        Integer node = nextReachable(known);
        if (node != null) {
            return node;
        }
        List<Integer> bootstrap = new ArrayList<>();
        for (int i = 0; i < config.bootstrapServers().size(); i++) {
            bootstrap.add(bootstrapId(i));
        }
        Integer address = nextReachable(bootstrap);
        return address != null ? address : soonestReady(bootstrap);
    }

    /** Of {@code ids}, all of whose attempts failed, the one whose backoff ends first (in turn on ties). */
    private int soonestReady(List<Integer> ids) {
        long now = nowMs();
        int start = Math.floorMod(cursor++, ids.size());
        int best = ids.get(start);
        for (int i = 1; i < ids.size(); i++) {
            int id = ids.get((start + i) % ids.size());
            if (reconnects.remainingMs(id, now) < reconnects.remainingMs(best, now)) {
                best = id;
            }
        }
        return best;
    }

    /** The id standing for the {@code index}th bootstrap address. */
    static int bootstrapId(int index) {
        return BOOTSTRAP_ID_BASE - index;
    }

    /** Connection attempts to {@code nodeId} (or a bootstrap id) that failed in a row; for tests. */
    int failedAttempts(int nodeId) {
        return reconnects.failures(nodeId);
    }

    /** The next of {@code ids} in turn whose last connection attempt did not fail, or null. */
    private Integer nextReachable(List<Integer> ids) {
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(Math.floorMod(cursor++, ids.size()));
            if (!reconnects.hasFailed(id)) {
                return id;
            }
        }
        return null;
    }

    /**
     * The open connection to {@code nodeId}, connecting if there is none. Callers first wait out the
     * node's reconnect backoff ({@link #awaitReconnectBackoff}). The attempt counts as failed if the
     * connection cannot be made or closes before its first response.
     */
    Future<ClientConnection> connection(int nodeId) {
        if (closed) {
            return Future.failedFuture(new SpateException(ErrorCode.NETWORK_EXCEPTION, "client is closed"));
        }
        Future<ClientConnection> existing = connections.get(nodeId);
        if (usable(existing)) {
            return existing;
        }
        String host;
        int port;
        if (nodeId <= BOOTSTRAP_ID_BASE) {
            String address = config.bootstrapServers().get(BOOTSTRAP_ID_BASE - nodeId);
            int colon = address.lastIndexOf(':');
            host = address.substring(0, colon);
            port = Integer.parseInt(address.substring(colon + 1));
        } else {
            Node node = metadata.node(nodeId);
            if (node == null) {
                requestMetadataRefresh();
                return Future.failedFuture(new SpateException(ErrorCode.LEADER_NOT_AVAILABLE,
                        "node " + nodeId + " is not in the metadata"));
            }
            host = node.host();
            port = node.port();
        }
        Promise<ClientConnection> promise = context.promise();
        Future<ClientConnection> f = promise.future();
        connections.put(nodeId, f);
        long attemptStartMs = nowMs();
        ClientConnection.connect(vertx, netClient, connectionConfig, nodeId, host, port).onComplete(ar -> {
            if (ar.failed()) {
                connections.remove(nodeId, f);
                reconnects.failed(nodeId, attemptStartMs);
                requestMetadataRefresh();
                promise.fail(ar.cause());
                return;
            }
            ClientConnection conn = ar.result();
            // registered before the close listener, so a refused connection's backoff is set before
            // the refresh that its close starts looks for a node to connect to
            conn.firstResponse().onComplete(answered -> context.runOnContext(x -> {
                if (answered.succeeded()) {
                    reconnects.succeeded(nodeId);
                } else {
                    reconnects.failed(nodeId, attemptStartMs);
                }
            }));
            conn.closeFuture().onComplete(v -> context.runOnContext(x -> {
                if (connections.remove(nodeId, f) && !closed) {
                    requestMetadataRefresh();
                }
            }));
            if (closed) {
                conn.close();
                promise.fail(new SpateException(ErrorCode.NETWORK_EXCEPTION, "client is closed"));
            } else {
                promise.complete(conn);
            }
        });
        return f;
    }

    /** True for a connection being opened or open. */
    private static boolean usable(Future<ClientConnection> f) {
        return f != null && (!f.isComplete() || f.succeeded() && f.result().isOpen());
    }

    /** Starts a refresh unless one is running; failures are left to whoever needs the data. */
    public void requestMetadataRefresh() {
        if (!closed) {
            refreshMetadata();
        }
    }

    /** Refreshes the metadata of the tracked topics (all topics for admin); coalesced. */
    public Future<Metadata> refreshMetadata() {
        if (refreshInFlight != null) {
            return refreshInFlight;
        }
        Future<Metadata> f = fetchMetadata(allTopics ? null : List.copyOf(topics)).map(resp -> metadata);
        refreshInFlight = f;
        f.onComplete(ar -> {
            refreshInFlight = null;
            scheduleMaxAgeRefresh();
        });
        return f;
    }

    /**
     * One Metadata request for {@code names} (null: all topics; empty: nodes and controller only),
     * not coalesced; the answer also updates the cache.
     */
    public Future<MetadataResponse> fetchMetadata(List<String> names) {
        return sendToAnyNode(ApiKey.METADATA, new MetadataRequest(names, false), MetadataResponse::readFrom)
                .onSuccess(resp -> {
                    metadata.update(resp, names == null, nowMs());
                    metadataListeners.forEach(Runnable::run);
                });
    }

    private void scheduleMaxAgeRefresh() {
        if (closed) {
            return;
        }
        if (maxAgeTimer >= 0) {
            vertx.cancelTimer(maxAgeTimer);
        }
        maxAgeTimer = context.setTimer(Math.max(1, config.metadataMaxAgeMs()), id -> {
            maxAgeTimer = -1;
            requestMetadataRefresh();
        });
    }

    /**
     * The metadata of {@code topic} once it is usable, refreshing and retrying with backoff until
     * {@code deadlineMs}. Fails at once on a non-retriable topic error (e.g. an invalid name), and
     * at the deadline with the last error seen.
     */
    public Future<Metadata.TopicState> awaitTopic(String topic, long deadlineMs) {
        Metadata.TopicState t = metadata.topic(topic);
        if (t != null && t.error() == ErrorCode.NONE && t.partitionCount() > 0) {
            return Future.succeededFuture(t);
        }
        topics.add(topic);
        return withRetries(() -> refreshMetadata().compose(m -> {
            Metadata.TopicState state = m.topic(topic);
            if (state == null) {
                return Future.failedFuture(new SpateException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        "topic " + topic + " is not in the metadata"));
            }
            if (state.error() != ErrorCode.NONE) {
                return Future.failedFuture(new SpateException(state.error(), "topic " + topic));
            }
            return Future.succeededFuture(state);
        }), deadlineMs, "metadata for topic " + topic);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails non-retriably, or the next try would start after
     * {@code deadlineMs}; retriable failures refresh the metadata when they say so and back off
     * exponentially (retry.backoff.ms to retry.backoff.max.ms).
     */
    public <T> Future<T> withRetries(Supplier<Future<T>> attempt, long deadlineMs, String what) {
        return withRetries(attempt, deadlineMs, what, 1);
    }

    private <T> Future<T> withRetries(Supplier<Future<T>> attempt, long deadlineMs, String what, int n) {
        return attempt.get().recover(t -> {
            if (!isRetriable(t) || closed) {
                return Future.failedFuture(t);
            }
            long backoff = config.backoffMs(n);
            if (nowMs() + backoff >= deadlineMs) {
                SpateException se = (SpateException) t;
                return Future.failedFuture(new SpateException(se.error(), what + " still failing at the deadline: "
                        + t.getMessage(), t));
            }
            if (isMetadataError(errorOf(t))) {
                requestMetadataRefresh();
            }
            return delay(backoff).compose(v -> withRetries(attempt, deadlineMs, what, n + 1));
        });
    }

    /** A Future that completes on this client's context after {@code ms}. */
    public Future<Void> delay(long ms) {
        Promise<Void> p = context.promise();
        if (ms <= 0) {
            context.runOnContext(v -> p.complete());
        } else {
            context.setTimer(ms, id -> p.complete());
        }
        return p.future();
    }

    /** Closes every connection (pending requests fail with NETWORK_EXCEPTION) and the TCP client. */
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        if (maxAgeTimer >= 0) {
            vertx.cancelTimer(maxAgeTimer);
        }
        List<Future<?>> all = new ArrayList<>();
        for (Future<ClientConnection> f : new ArrayList<>(connections.values())) {
            all.add(f.compose(ClientConnection::close, t -> Future.succeededFuture()));
        }
        connections.clear();
        return Future.join(all).transform(ar -> netClient.close());
    }
}
