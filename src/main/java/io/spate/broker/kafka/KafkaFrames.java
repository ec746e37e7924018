package io.spate.broker.kafka;

import io.netty.buffer.ByteBuf;
import io.spate.broker.wire.FrameHandler;
import io.spate.broker.wire.UnreadableRequestException;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Kafka's protocol on a connection: reads the request header and body with kafka-clients' classes,
 * hands the request to the {@link KafkaApis adapter} that serves it, and writes the response in the
 * request's version (the listener answers in request order, Kafka's rule).
 *
 * <p>What a peer gets for what Kafka would refuse, as Kafka gives it:
 * <ul>
 *   <li>a header that cannot be read (too short, an API key Kafka does not know) or a body that does
 *       not parse in its version: the connection is closed (no answer could be framed);</li>
 *   <li>ApiVersions in a version not served: a version 0 answer, UNSUPPORTED_VERSION, with the APIs
 *       served (so a newer client can pick a version);</li>
 *   <li>any other API or version not served: that API's error answer, UNSUPPORTED_VERSION, in the
 *       request's version when kafka-clients knows it; a version beyond what kafka-clients knows
 *       cannot be answered in its own format, so the connection is closed.</li>
 * </ul>
 * Stateless; runs on the connection's context.
 */
final class KafkaFrames implements FrameHandler {
    private static final System.Logger LOG = System.getLogger(KafkaFrames.class.getName());

    private final KafkaApis apis;

    KafkaFrames(KafkaApis apis) {
        this.apis = apis;
    }

    @Override
    public Future<Answer> handle(ByteBuf frame, RequestScope scope) {
        ByteBuffer buf = frame.nioBuffer();
        RequestHeader header;
        try {
            header = RequestHeader.parse(buf);
        } catch (RuntimeException e) {
            throw new UnreadableRequestException("unreadable Kafka request header: " + e.getMessage());
        }
        ApiKeys key = header.apiKey();
        short version = header.apiVersion();
        KafkaApis.Served api = apis.get(key);
        if (key == ApiKeys.API_VERSIONS && (api == null || !api.serves(version))) {
            // Kafka's rule: answered in version 0, whatever was asked, so any client can read it
            ApiVersionsResponseData refusal = new ApiVersionsResponseData()
                    .setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(apis.versions());
            return Future.succeededFuture(answer(new ResponseHeader(header.correlationId(), (short) 0), refusal, (short) 0));
        }
        if (!key.isVersionSupported(version)) {
            throw new UnreadableRequestException(key + " version " + version + " is beyond what this node can frame");
        }
        AbstractRequest body;
        try {
            body = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(buf)).request;
        } catch (RuntimeException e) {
            throw new UnreadableRequestException("unreadable " + key + " v" + version + " request: " + e.getMessage());
        }
        ResponseHeader responseHeader = header.toResponseHeader();
        if (api == null || !api.serves(version)) {
            return Future.succeededFuture(answer(responseHeader, body.getErrorResponse(0, new UnsupportedVersionException(
                    key + " version " + version + " is not served by this node" + (api == null ? ""
                            : " (it serves " + api.min() + ".." + api.max() + ")"))).data(), version));
        }
        KafkaRequest request = new KafkaRequest(header, body, scope);
        Future<ApiMessage> reply;
        try {
            reply = api.handler().handle(request);
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        return reply.transform(ar -> Future.succeededFuture(ar.succeeded()
                ? (ar.result() == null ? Answer.NONE : answer(responseHeader, ar.result(), version))
                : answer(responseHeader, body.getErrorResponse(0, kafkaError(key, ar.cause())).data(), version)));
    }

    private static Answer answer(ResponseHeader header, ApiMessage body, short version) {
        return (alloc, zeroCopy) -> ResponseWriter.frame(alloc, zeroCopy, header.data(), header.headerVersion(), body, version);
    }

    /** The Kafka exception whose error code the answer carries. */
    static Throwable kafkaError(ApiKeys key, Throwable err) {
        if (err instanceof SpateException se) {
            return Errors.forCode(se.error().code()).exception(se.detail());
        }
        LOG.log(System.Logger.Level.ERROR, "Kafka request " + key + " failed", err);
        return Errors.UNKNOWN_SERVER_ERROR.exception(String.valueOf(err));
    }
}
