package io.spate.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FrameAssembler;
import io.spate.protocol.Frames;
import io.spate.protocol.InvalidFrameException;
import io.spate.protocol.MalformedMessageException;
import io.spate.protocol.Message;
import io.spate.protocol.RequestHeader;
import io.spate.protocol.ResponseHeader;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One TCP connection to one node, the client's and a node's own (a follower's to its leader). Many requests may be in flight; each gets a fresh
 * correlation id and its response is matched by it, in whatever order responses come. A request
 * not answered within its timeout fails with a retriable {@link ErrorCode#REQUEST_TIMED_OUT} (a late
 * answer is then dropped); when the connection closes, for any reason, every pending request fails
 * with a retriable {@link ErrorCode#NETWORK_EXCEPTION}.
 *
 * <p>States: CONNECTING → READY → CLOSED, or CONNECTING → CLOSED; CLOSED is final.
 *
 * <p>Threading: all state is confined to the connection's own event-loop context (the socket is
 * bound to it). The public methods may be called from any thread; the Futures they return complete
 * on the caller's context (on the connection's when the caller has none). A response reader runs on
 * the connection's context while the frame is alive and must copy whatever it keeps.
 *
 * <p>It lives in {@code transport}, not in the client, because the server opens the same
 * connections: it knows frames, headers and error codes ({@code protocol}), nothing of metadata,
 * retries or the clients' settings.
 */
public final class ClientConnection {
    /** A client trusts its broker further than the broker trusts clients, but not without bound. */
    public static final int MAX_RESPONSE_FRAME_BYTES = 1 << 30;

    enum State { CONNECTING, READY, CLOSED }

    private record Pending<T>(ApiKey key, PromiseInternal<T> promise, Function<ByteBuf, T> reader, long timerId) {
        void fail(Throwable t) {
            promise.tryFail(t);
        }
    }

    private final VertxInternal vertx;
    private final ContextInternal context;
    private final ConnectionConfig config;
    private final int nodeId;
    private final String host;
    private final int port;
    private final Map<Integer, Pending<?>> inFlight = new HashMap<>();
    private final Promise<Void> closed;
    /** Completed by the first response frame, failed if the connection closes before one came. */
    private final Promise<Void> answered;
    private NetSocket socket;
    private FrameAssembler parser;
    private int nextCorrelationId;
    private State state = State.CONNECTING;

    private ClientConnection(VertxInternal vertx, ConnectionConfig config, int nodeId, String host, int port) {
        this.vertx = vertx;
        this.context = vertx.createEventLoopContext();
        this.config = config;
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
        this.closed = context.promise();
        this.answered = context.promise();
    }

    /** Connects on a new event-loop context; the Future fails with a retriable NETWORK_EXCEPTION. */
    public static Future<ClientConnection> connect(Vertx vertx, NetClient client, ConnectionConfig config, int nodeId,
                                                   String host, int port) {
        ClientConnection conn = new ClientConnection((VertxInternal) vertx, config, nodeId, host, port);
        PromiseInternal<ClientConnection> result = resultPromise(conn.vertx, conn.context);
        conn.context.runOnContext(v -> client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                conn.state = State.CLOSED;
                conn.answered.tryFail(new SpateException(ErrorCode.NETWORK_EXCEPTION, "never connected"));
                conn.closed.tryComplete();
                result.fail(new SpateException(ErrorCode.NETWORK_EXCEPTION,
                        "cannot connect to node " + nodeId + " at " + host + ":" + port + ": " + ar.cause().getMessage(),
                        ar.cause()));
            } else {
                conn.onConnected(ar.result());
                result.complete(conn);
            }
        }));
        return result.future();
    }

    private void onConnected(NetSocket s) {
        socket = s;
        parser = new FrameAssembler(MAX_RESPONSE_FRAME_BYTES, this::onFrame);
        state = State.READY;
        // Netty's own read buffers, not Vert.x Buffers (which are heap copies of them): the assembler
        // copies each straight into its frame, so a response costs one copy. This connection never
        // pauses its socket, so no read buffer waits in Vert.x's queue; each is released here.
        SocketIo.messageHandler(s, msg -> {
            if (!(msg instanceof ByteBuf chunk)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (state != State.CLOSED) {
                    parser.feed(chunk);
                }
            } catch (InvalidFrameException e) {
                closeWith("bad response frame from node " + nodeId + ": " + e.getMessage());
            } finally {
                chunk.release();
            }
        });
        s.exceptionHandler(t -> closeWith("connection to node " + nodeId + " failed: " + t.getMessage()));
        s.closeHandler(v -> closeWith("connection to node " + nodeId + " closed"));
    }

    public int nodeId() {
        return nodeId;
    }

    public String address() {
        return host + ":" + port;
    }

    /** True until the connection has closed; a hint only when read off the connection's context. */
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    /** Completes once the connection is closed, on the connection's context. */
    public Future<Void> closeFuture() {
        return closed.future();
    }

    /**
     * Succeeds once the node has sent a response on this connection (proof it is usable, not merely
     * accepted: a node over its connection limits accepts and closes at once); fails if the connection
     * closes before that. Completes on the connection's context.
     */
    public Future<Void> firstResponse() {
        return answered.future();
    }

    /** Sends a request and reads its response body with {@code reader}; the default request timeout applies. */
    public <T> Future<T> send(ApiKey key, Message body, Function<ByteBuf, T> reader) {
        return send(key, body, reader, config.requestTimeoutMs());
    }

    public <T> Future<T> send(ApiKey key, Message body, Function<ByteBuf, T> reader, long timeoutMs) {
        PromiseInternal<T> promise = resultPromise(vertx, context);
        context.execute(() -> doSend(key, body, reader, timeoutMs, promise));
        return promise.future();
    }

    /** Sends a request that gets no response (Produce with acks=0); completes once written. */
    public Future<Void> sendWithoutResponse(ApiKey key, Message body) {
        PromiseInternal<Void> promise = resultPromise(vertx, context);
        context.execute(() -> {
            if (state != State.READY) {
                promise.fail(closedError());
                return;
            }
            ByteBuf frame;
            try {
                frame = encode(key, body, nextCorrelationId());
            } catch (RuntimeException e) {
                promise.fail(e);
                return;
            }
            write(frame).onComplete(promise);
        });
        return promise.future();
    }

    private <T> void doSend(ApiKey key, Message body, Function<ByteBuf, T> reader, long timeoutMs,
                            PromiseInternal<T> promise) {
        if (state != State.READY) {
            promise.fail(closedError());
            return;
        }
        int correlationId = nextCorrelationId();
        ByteBuf frame;
        try {
            frame = encode(key, body, correlationId);
        } catch (RuntimeException e) {
            promise.fail(e); // a value the format cannot carry: a programming error, not a network one
            return;
        }
        long timerId = context.setTimer(timeoutMs, id -> {
            Pending<?> p = inFlight.remove(correlationId);
            if (p != null) {
                p.fail(new SpateException(ErrorCode.REQUEST_TIMED_OUT, key + " to node " + nodeId
                        + " got no response within " + timeoutMs + " ms"));
            }
        });
        inFlight.put(correlationId, new Pending<>(key, promise, reader, timerId));
        write(frame).onFailure(t -> {
            Pending<?> p = inFlight.remove(correlationId);
            if (p != null) {
                vertx.cancelTimer(p.timerId());
                p.fail(new SpateException(ErrorCode.NETWORK_EXCEPTION, "cannot write " + key + " to node " + nodeId
                        + ": " + t.getMessage(), t));
            }
        });
    }

    private ByteBuf encode(ApiKey key, Message body, int correlationId) {
        RequestHeader header = new RequestHeader(key, body.version(), correlationId, config.clientId());
        return Frames.encodeRequest(ByteBufAllocator.DEFAULT, header, body);
    }

    private Future<Void> write(ByteBuf frame) {
        // writeMessage hands the pooled buffer to Netty, which releases it once written (or failed)
        return SocketIo.writeMessage(socket, frame);
    }

    private int nextCorrelationId() {
        int id = nextCorrelationId;
        nextCorrelationId = id == Integer.MAX_VALUE ? 0 : id + 1;
        return id;
    }

    private void onFrame(ByteBuf frame) {
        ResponseHeader header;
        try {
            header = ResponseHeader.readFrom(frame);
        } catch (MalformedMessageException e) {
            closeWith("malformed response header from node " + nodeId + ": " + e.getMessage());
            return;
        }
        answered.tryComplete();
        Pending<?> pending = inFlight.remove(header.correlationId());
        if (pending == null) {
            return; // answered after its timeout: the caller has moved on
        }
        vertx.cancelTimer(pending.timerId());
        if (header.error() != ErrorCode.NONE) {
            pending.fail(new SpateException(header.error(), header.errorMessage()));
            return;
        }
        complete(pending, frame);
    }

    private <T> void complete(Pending<T> pending, ByteBuf frame) {
        T value;
        try {
            value = pending.reader().apply(frame);
        } catch (MalformedMessageException e) {
            pending.fail(new SpateException(ErrorCode.UNKNOWN_SERVER_ERROR, "malformed " + pending.key()
                    + " response from node " + nodeId + ": " + e.getMessage(), e));
            return;
        } catch (RuntimeException e) {
            pending.fail(e);
            return;
        }
        pending.promise().complete(value);
    }

    /** Closes the connection, failing every pending request with a retriable NETWORK_EXCEPTION. */
    public Future<Void> close() {
        context.execute(() -> closeWith("connection to node " + nodeId + " closed by the client"));
        return closed.future();
    }

    private void closeWith(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        answered.tryFail(new SpateException(ErrorCode.NETWORK_EXCEPTION, reason + " before any response"));
        List<Pending<?>> failed = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (Pending<?> p : failed) {
            vertx.cancelTimer(p.timerId());
            p.fail(new SpateException(ErrorCode.NETWORK_EXCEPTION, reason + " with " + p.key() + " pending"));
        }
        if (parser != null) {
            parser.release();
        }
        Future<Void> socketClosed = socket == null ? Future.succeededFuture() : socket.close();
        socketClosed.onComplete(ar -> closed.tryComplete());
    }

    private SpateException closedError() {
        return new SpateException(ErrorCode.NETWORK_EXCEPTION, "connection to node " + nodeId + " is closed");
    }

    /** A promise whose listeners run on the calling context, or on {@code fallback} off Vert.x threads. */
    private static <T> PromiseInternal<T> resultPromise(VertxInternal vertx, ContextInternal fallback) {
        ContextInternal caller = vertx.getContext();
        return (caller != null ? caller : fallback).promise();
    }
}
