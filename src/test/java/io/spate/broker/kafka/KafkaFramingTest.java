package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.testing.TestNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka listener's framing against hand-made frames: what Kafka answers (ApiVersions refusals in
 * version 0, UNSUPPORTED_VERSION for an API or version not served), what it closes the connection
 * for (an unreadable size, header or body), answers in request order on one connection, and the
 * node serving the next connection after each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class KafkaFramingTest {
    private SpateNode node;

    @BeforeAll
    void start(@TempDir Path dir) {
        node = TestNode.start(dir, "kafka.listener.port=0");
    }

    @AfterAll
    void stop() {
        TestNode.stop(node);
    }

    @Test
    void apiVersionsAdvertisesWhatIsServedAndRefusesATooNewVersionInVersionZero() throws IOException {
        try (Socket s = connect()) {
            ApiVersionsResponseData ok = (ApiVersionsResponseData) call(s, ApiKeys.API_VERSIONS, (short) 3, 1,
                    new ApiVersionsRequestData().setClientSoftwareName("test").setClientSoftwareVersion("1"));
            assertEquals(Errors.NONE.code(), ok.errorCode());
            ApiVersionsResponseData.ApiVersion produce = ok.apiKeys().find(ApiKeys.PRODUCE.id);
            assertEquals(3, produce.minVersion());
            assertTrue(ok.apiKeys().find(ApiKeys.SASL_HANDSHAKE.id) == null, "nothing advertised that is not served");

            // version 99 of ApiVersions: header v2, body unknown; Kafka answers in version 0
            byte[] frame = rawRequest(ApiKeys.API_VERSIONS, (short) 99, 2, new byte[] {0, 0, 0});
            ByteBuffer answer = send(s, frame);
            assertEquals(2, answer.getInt(), "correlation id");
            ApiVersionsResponseData refused = new ApiVersionsResponseData();
            refused.read(new ByteBufferAccessor(answer), (short) 0);
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), refused.errorCode());
            assertTrue(refused.apiKeys().size() > 5);
        }
    }

    @Test
    void anApiNotServedGetsItsOwnErrorAnswer() throws IOException {
        try (Socket s = connect()) {
            SaslHandshakeResponseData r = (SaslHandshakeResponseData) call(s, ApiKeys.SASL_HANDSHAKE, (short) 1, 7,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), r.errorCode());
            // the connection still serves
            MetadataResponseData md = (MetadataResponseData) call(s, ApiKeys.METADATA, (short) 12, 8,
                    new MetadataRequestData().setTopics(List.of()));
            assertEquals(1, md.brokers().size());
            assertEquals(node.kafkaPort(), md.brokers().iterator().next().port());
        }
    }

    @Test
    void answersFollowTheOrderOfTheRequests() throws IOException {
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int id = 100 + i;
                ApiMessage body = i % 2 == 0 ? new MetadataRequestData().setTopics(null)
                        : new ApiVersionsRequestData().setClientSoftwareName("t").setClientSoftwareVersion("1");
                ApiKeys key = i % 2 == 0 ? ApiKeys.METADATA : ApiKeys.API_VERSIONS;
                out.write(request(key, key == ApiKeys.METADATA ? (short) 12 : (short) 3, id, body));
                sent.add(id);
            }
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            List<Integer> answered = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                answered.add(ByteBuffer.wrap(frame).getInt());
            }
            assertEquals(sent, answered);
        }
    }

    @Test
    void unreadableFramesCloseTheConnectionAndTheNodeServesOn() throws IOException {
        // a negative size, an unknown API key, a body that does not parse in its version
        assertClosed(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 1, 2, 3, 4});
        assertClosed(rawRequest(null, (short) 0, 1, new byte[0]));
        assertClosed(rawRequest(ApiKeys.METADATA, (short) 12, 1, new byte[] {(byte) 0x80}));
        try (Socket s = connect()) {
            assertEquals(Errors.NONE.code(), ((ApiVersionsResponseData) call(s, ApiKeys.API_VERSIONS, (short) 0, 1,
                    new ApiVersionsRequestData())).errorCode());
        }
    }

    private void assertClosed(byte[] bytes) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            try {
                int size = new DataInputStream(s.getInputStream()).readInt();
                throw new AssertionError("expected the connection closed, got an answer of " + size + " bytes");
            } catch (EOFException | java.net.SocketException closed) {
                // what Kafka does
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", node.kafkaPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static ApiMessage call(Socket s, ApiKeys key, short version, int correlationId, ApiMessage body)
            throws IOException {
        ByteBuffer answer = send(s, request(key, version, correlationId, body));
        ResponseHeaderData header = new ResponseHeaderData();
        header.read(new ByteBufferAccessor(answer), key.responseHeaderVersion(version));
        assertEquals(correlationId, header.correlationId());
        ApiMessage response = key.messageType.newResponse();
        response.read(new ByteBufferAccessor(answer), version);
        return response;
    }

    private static ByteBuffer send(Socket s, byte[] frame) throws IOException {
        s.getOutputStream().write(frame);
        s.getOutputStream().flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return ByteBuffer.wrap(answer);
    }

    private static byte[] request(ApiKeys key, short version, int correlationId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("framing-test");
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(4 + size).putInt(size);
        ByteBufferAccessor w = new ByteBufferAccessor(buf);
        header.write(w, cache, headerVersion);
        body.write(w, cache, version);
        return buf.array();
    }

    /** A v1/v2 header by hand (key -1 when {@code key} is null) followed by {@code body}. */
    private static byte[] rawRequest(ApiKeys key, short version, int correlationId, byte[] body) {
        byte[] clientId = "raw".getBytes();
        boolean flexible = key != null && key.requestHeaderVersion(version) >= 2;
        int size = 2 + 2 + 4 + 2 + clientId.length + (flexible ? 1 : 0) + body.length;
        ByteBuffer buf = ByteBuffer.allocate(4 + size).putInt(size)
                .putShort(key == null ? (short) 999 : key.id).putShort(version).putInt(correlationId)
                .putShort((short) clientId.length).put(clientId);
        if (flexible) {
            buf.put((byte) 0); // no tagged fields
        }
        return buf.put(body).array();
    }
}
