package io.spate.broker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.spate.protocol.FrameParser;
import io.spate.protocol.InvalidFrameException;
import io.spate.transport.LoopContext;
import io.spate.transport.SocketIo;
import io.spate.common.FatalErrors;
import io.spate.common.Time;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One client socket: splits the byte stream into frames, hands each request to the protocol's
 * {@link FrameHandler} and writes the answers back: as they complete (the native protocol: clients
 * match them by correlation id) or in request order (Kafka's rule).
 *
 * <p>Everything here runs on the socket's event-loop context. A frame whose size cannot be
 * trusted (below 8 or above {@code socket.request.max.bytes}) or whose header cannot be read closes
 * the connection; anything else wrong gets an error response and the connection stays open.
 *
 * <p>The node stops reading from a connection (at the channel: nothing more is read from the
 * kernel) while it has {@code listener.max.in.flight.requests} unanswered requests, while its write
 * queue is full, or while the node-wide {@link QueuedRequestBytes} is exhausted and the connection
 * wants more memory: it holds part of a frame, or it has a request in flight (so a client that
 * sends one small request at a time is still served). The request bytes it holds (received and not
 * yet delivered by its parser, plus the frames not yet answered) are added to that bound as they
 * arrive and given back as requests are answered and when the socket closes, on every path.
 *
 * <p>It is idle when no request is in flight and nothing was read or written for a while; the
 * listener closes idle connections ({@code connections.max.idle.ms}). A fetch parked waiting for
 * data is in flight, so it never makes its connection idle.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final NetSocket socket;
    private final LoopContext context;
    private final FrameHandler handler;
    private final FrameParser parser;
    private final int maxInFlight;
    private final QueuedRequestBytes memory;
    private final Time time;
    private final FrameHandler.RequestScope scope;
    /** Answers in request order, the head first; null when answers go out as they complete. */
    private final ArrayDeque<Slot> ordered;
    private int inFlight;
    /** Bytes of the frames handed to the handler and not answered yet. */
    private long inFlightBytes;
    /** What this connection has added to {@link #memory} and not given back. */
    private long accounted;
    private long lastActivityMs;
    private boolean readPaused;
    private boolean waitingForMemory;
    private boolean closed;
    /** Closed for being idle; the close handler has not run yet. */
    private boolean closingIdle;
    private Promise<Void> idle;
    /** Completed when the socket closes: fetches still waiting for data are dropped. */
    private final Promise<Void> socketClosed;

    /** A request whose answer waits for those before it (in-order connections). */
    private static final class Slot {
        FrameHandler.Answer answer;
    }

    Connection(NetSocket socket, LoopContext context, FrameHandler handler, boolean inRequestOrder,
               ListenerOptions options, QueuedRequestBytes memory, Time time, Consumer<Connection> onClose) {
        this.socket = socket;
        this.context = context;
        this.handler = handler;
        this.ordered = inRequestOrder ? new ArrayDeque<>() : null;
        this.maxInFlight = options.maxInFlightRequests();
        this.memory = memory;
        this.time = time;
        this.lastActivityMs = time.milliseconds();
        this.parser = new FrameParser(options.maxFrameBytes(), this::onFrame);
        this.socketClosed = context.promise();
        // the peer as Kafka shows group members' hosts: /127.0.0.1
        this.scope = new FrameHandler.RequestScope(context,
                socket.remoteAddress() == null ? "" : "/" + socket.remoteAddress().host(), socketClosed.future());
        socket.handler(buf -> {
            lastActivityMs = time.milliseconds();
            try {
                parser.feed(SocketIo.byteBuf(buf));
            } catch (InvalidFrameException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + socket.remoteAddress() + ": " + e.getMessage());
                socket.close();
            } finally {
                account();
                updateReading();
            }
        });
        socket.drainHandler(v -> {
            lastActivityMs = time.milliseconds();
            updateReading();
        });
        socket.closeHandler(v -> {
            closed = true;
            socketClosed.tryComplete();
            parser.release();
            account();
            completeIdleIfDone();
            onClose.accept(this);
        });
        socket.exceptionHandler(err -> {
            FatalErrors.haltIfFatal(err);
            LOG.log(System.Logger.Level.DEBUG, "connection error " + socket.remoteAddress(), err);
        });
    }

    private void onFrame(ByteBuf frame) {
        if (closed) {
            return;
        }
        Future<FrameHandler.Answer> answer;
        try {
            answer = handler.handle(frame, scope);
        } catch (UnreadableRequestException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + socket.remoteAddress() + ": " + e.getMessage());
            socket.close();
            return;
        }
        if (answer.isComplete() && answer.succeeded() && ordered == null) {
            write(answer.result()); // answered at once (an unsupported version): nothing held
            return;
        }
        frame.retain();
        int frameBytes = frame.capacity();
        inFlight++;
        inFlightBytes += frameBytes;
        Slot slot = ordered == null ? null : new Slot();
        if (slot != null) {
            ordered.addLast(slot);
        }
        // answers may complete on other contexts (the group coordinator's): write them from this one
        // only, or responses interleave on the socket and the in-flight count races
        Promise<FrameHandler.Answer> here = context.promise();
        answer.onComplete(here);
        here.future().onComplete(ar -> {
            frame.release();
            inFlight--;
            inFlightBytes -= frameBytes;
            lastActivityMs = time.milliseconds();
            account();
            FrameHandler.Answer a = ar.succeeded() ? ar.result() : failed(ar.cause());
            if (slot == null) {
                write(a);
            } else {
                slot.answer = a;
                while (!ordered.isEmpty() && ordered.peekFirst().answer != null) {
                    write(ordered.pollFirst().answer);
                }
            }
            updateReading();
            completeIdleIfDone();
        });
    }

    /** A handler's future must carry its own error answers; one that fails is a bug: the connection closes. */
    private FrameHandler.Answer failed(Throwable err) {
        LOG.log(System.Logger.Level.ERROR, "closing " + socket.remoteAddress() + ": a request failed without an answer", err);
        socket.close();
        return FrameHandler.Answer.NONE;
    }

    /**
     * Writes an answer: over plain TCP a fetch's records go as file regions (sendfile, no copy), in
     * order with the buffers around them; over TLS they are copied, since the bytes must pass
     * through the encrypting handler.
     */
    private void write(FrameHandler.Answer answer) {
        if (closed) {
            return;
        }
        List<Object> parts;
        try {
            parts = answer.encode(PooledByteBufAllocator.DEFAULT, !socket.isSsl());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "closing " + socket.remoteAddress() + ": an answer could not be encoded", e);
            socket.close();
            return;
        }
        for (Object part : parts) {
            SocketIo.writeMessage(socket, part);
        }
    }

    /** Brings {@link #memory} up to what this connection holds now. */
    private void account() {
        long held = parser.bufferedBytes() + inFlightBytes;
        long delta = held - accounted;
        accounted = held;
        if (delta != 0) {
            memory.add(delta);
        }
    }

    private void updateReading() {
        if (closed) {
            return;
        }
        boolean wantsMemory = memory.exhausted() && (parser.hasPartialFrame() || inFlight > 0);
        boolean shouldPause = inFlight >= maxInFlight || socket.writeQueueFull() || wantsMemory;
        if (wantsMemory && !waitingForMemory) {
            waitingForMemory = true;
            memory.awaitRoom(() -> context.execute(() -> {
                waitingForMemory = false;
                updateReading();
            }));
        }
        if (shouldPause && !readPaused) {
            readPaused = true;
            SocketIo.setReading(socket, false);
        } else if (!shouldPause && readPaused) {
            readPaused = false;
            SocketIo.setReading(socket, true);
        }
    }

    /**
     * Whether no request is in flight and nothing was read or written since {@code sinceMs}; a
     * connection paused for memory while holding part of a frame reads nothing, so it becomes idle too.
     */
    boolean idleSince(long sinceMs) {
        return !closed && !closingIdle && inFlight == 0 && !socket.writeQueueFull() && lastActivityMs <= sinceMs;
    }

    /** Closes the connection for being idle (on its context). */
    void closeIdle(long idleMs) {
        closingIdle = true;
        LOG.log(System.Logger.Level.DEBUG, "closing " + socket.remoteAddress() + ": idle for " + idleMs + " ms");
        socket.close();
    }

    /** The peer's address, as the connection limits count it. */
    String peerHost() {
        return socket.remoteAddress() == null ? "" : socket.remoteAddress().host();
    }

    /** Completes once no request is in flight (for a clean shutdown); then the socket is closed. */
    Future<Void> drainAndClose() {
        Promise<Void> p = context.promise();
        context.execute(() -> {
            socket.pause();
            idle = p;
            completeIdleIfDone();
        });
        return p.future().compose(v -> socket.close());
    }

    private void completeIdleIfDone() {
        if (idle != null && (inFlight == 0 || closed)) {
            Promise<Void> p = idle;
            idle = null;
            p.tryComplete();
        }
    }

    LoopContext context() {
        return context;
    }
}
