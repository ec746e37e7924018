package io.spate.broker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.spate.log.LogStorageException;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.Frames;
import io.spate.protocol.MalformedMessageException;
import io.spate.protocol.RequestHeader;
import io.spate.protocol.ResponseHeader;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import java.util.List;

/**
 * The native protocol on a connection: reads the request header, refuses an unknown API or version
 * with UNSUPPORTED_VERSION, hands the request to the {@link NativeRequestHandler} and turns its
 * {@link Reply} (or failure) into the response frame. Stateless; any thread.
 */
final class NativeFrames implements FrameHandler {
    private static final System.Logger LOG = System.getLogger(NativeFrames.class.getName());

    private final NativeRequestHandler handler;

    NativeFrames(NativeRequestHandler handler) {
        this.handler = handler;
    }

    @Override
    public Future<Answer> handle(ByteBuf frame, RequestScope scope) {
        RequestHeader header;
        try {
            header = RequestHeader.readFrom(frame);
        } catch (MalformedMessageException e) {
            throw new UnreadableRequestException("unreadable request header");
        }
        int correlationId = header.correlationId();
        if (header.apiKey() == null || header.apiVersion() < 0 || header.apiVersion() > header.apiKey().maxVersion()) {
            return Future.succeededFuture(error(correlationId, ErrorCode.UNSUPPORTED_VERSION, "api key "
                    + header.apiKeyId() + " version " + header.apiVersion() + " is not supported by this node"));
        }
        Future<Reply> reply;
        try {
            reply = handler.handle(header, frame, scope.context(), scope.clientHost(), scope.closed());
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        return reply.transform(ar -> Future.succeededFuture(ar.succeeded() ? answer(correlationId, ar.result())
                : failure(header, ar.cause())));
    }

    private static Answer answer(int correlationId, Reply reply) {
        if (reply.fetch() != null) {
            return (alloc, zeroCopy) -> {
                try {
                    return reply.fetch().encode(alloc, correlationId, zeroCopy);
                } catch (LogStorageException e) {
                    return error(correlationId, ErrorCode.KAFKA_STORAGE_ERROR, e.getMessage()).encode(alloc, zeroCopy);
                }
            };
        }
        if (reply.body() == null) {
            return Answer.NONE;
        }
        return (alloc, zeroCopy) -> List.of(Frames.encodeResponse(alloc, ResponseHeader.ok(correlationId), reply.body()));
    }

    private static Answer failure(RequestHeader header, Throwable err) {
        if (err instanceof MalformedMessageException) {
            return error(header.correlationId(), ErrorCode.INVALID_REQUEST, err.getMessage());
        }
        if (err instanceof SpateException se) {
            return error(header.correlationId(), se.error(), se.getMessage());
        }
        LOG.log(System.Logger.Level.ERROR, "request " + header.apiKey() + " failed", err);
        return error(header.correlationId(), ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(err));
    }

    private static Answer error(int correlationId, ErrorCode error, String message) {
        return (ByteBufAllocator alloc, boolean zeroCopy) -> List.of(Frames.encodeResponse(alloc,
                new ResponseHeader(correlationId, error, message), null));
    }
}
