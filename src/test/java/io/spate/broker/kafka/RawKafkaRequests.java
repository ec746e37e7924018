package io.spate.broker.kafka;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Kafka requests sent one at a time over a plain socket, in a chosen version, with kafka-clients'
 * classes: for tests of what a listener answers to requests its clients would not send.
 */
final class RawKafkaRequests implements AutoCloseable {
    private final Socket socket;
    private int correlationId;

    RawKafkaRequests(String bootstrap) throws IOException {
        int colon = bootstrap.lastIndexOf(':');
        socket = new Socket(bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1)));
        socket.setSoTimeout(30_000);
    }

    /** Sends {@code request} in {@code version} and reads its response. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(AbstractRequest.Builder<?> request, int version) throws IOException {
        return (R) exchange(request.build((short) version), (short) version);
    }

    /**
     * Sends {@code data} as {@code key} in {@code version} and returns the response's data: for
     * requests built field by field, as no client would send them.
     */
    org.apache.kafka.common.protocol.ApiMessage send(org.apache.kafka.common.protocol.ApiKeys key, short version,
                                                     org.apache.kafka.common.protocol.ApiMessage data) throws IOException {
        AbstractRequest request = AbstractRequest.parseRequest(key, version,
                new org.apache.kafka.common.protocol.ByteBufferAccessor(
                        org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(data, version).buffer())).request;
        return exchange(request, version).data();
    }

    private AbstractResponse exchange(AbstractRequest built, short version) throws IOException {
        RequestHeader header = new RequestHeader(built.apiKey(), version, "raw-test", ++correlationId);
        ByteBuffer frame = built.serializeWithHeader(header);
        OutputStream out = socket.getOutputStream();
        byte[] size = ByteBuffer.allocate(4).putInt(frame.remaining()).array();
        byte[] body = new byte[frame.remaining()];
        frame.get(body);
        out.write(size);
        out.write(body);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
    }

    static ApiVersionsResponseData apiVersions(String bootstrap) throws IOException {
        try (RawKafkaRequests raw = new RawKafkaRequests(bootstrap)) {
            ApiVersionsResponse r = raw.send(new ApiVersionsRequest.Builder(new ApiVersionsRequestData()
                    .setClientSoftwareName("raw-test").setClientSoftwareVersion("1"), (short) 3, (short) 3), 3);
            return r.data();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
