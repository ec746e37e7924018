package io.spate.broker.kafka;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One blocking connection speaking Kafka's protocol with kafka-clients' own message classes, for the
 * requests and versions Kafka's Admin never sends (error paths, old versions). Loopback only; every
 * read is bounded by the socket timeout.
 */
final class RawKafkaClient implements AutoCloseable {
    private final Socket socket;
    private int correlationId;

    RawKafkaClient(String bootstrap) throws IOException {
        String[] hostPort = bootstrap.split(":");
        socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
        socket.setSoTimeout(30_000);
    }

    /** Sends {@code data} as {@code key} in {@code version} and returns the response's data. */
    ApiMessage send(ApiKeys key, short version, ApiMessage data) throws IOException {
        RequestHeader header = new RequestHeader(key, version, "raw-test", ++correlationId);
        AbstractRequest request = AbstractRequest.parseRequest(key, version,
                new org.apache.kafka.common.protocol.ByteBufferAccessor(
                        org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(data, version).buffer())).request;
        ByteBuffer frame = request.serializeWithHeader(header);
        OutputStream out = socket.getOutputStream();
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        out.write(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.write(bytes);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        AbstractResponse parsed = AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
        return parsed.data();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
