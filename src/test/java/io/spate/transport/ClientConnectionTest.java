package io.spate.transport;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.spate.client.Blocking;
import io.spate.client.FakeBroker;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.DeleteTopicsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class ClientConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<FakeBroker.Request> held = new CopyOnWriteArrayList<>();
    private FakeBroker broker;
    private Vertx vertx;
    private NetClient client;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1);
        broker.on(ApiKey.DELETE_TOPICS, held::add);
        client = vertx.createNetClient();
    }

    private ClientConnection connect(int requestTimeoutMs) {
        ConnectionConfig config = new ConnectionConfig("test", requestTimeoutMs, 5_000);
        return Blocking.await(ClientConnection.connect(vertx, client, config, 1, "127.0.0.1", broker.port()), WAIT);
    }

    private static Future<DeleteTopicsResponse> send(ClientConnection c, String name) {
        return c.send(ApiKey.DELETE_TOPICS, new DeleteTopicsRequest(List.of(name), 0), DeleteTopicsResponse::readFrom);
    }

    private static void answer(FakeBroker.Request r) {
        String name = DeleteTopicsRequest.readFrom(r.body.duplicate()).names().get(0);
        r.respond(new DeleteTopicsResponse(List.of(TopicResult.ok(name))));
    }

    @Test
    void responsesAreMatchedByCorrelationIdWhateverTheirOrder() {
        ClientConnection c = connect(10_000);
        List<Future<DeleteTopicsResponse>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(send(c, "topic-" + i));
        }
        eventually("all requests arrived", () -> held.size() == 10);
        for (int i = 9; i >= 0; i--) {
            answer(held.get(i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("topic-" + i, Blocking.await(sent.get(i), WAIT).topics().get(0).name());
        }
        List<Integer> ids = held.stream().map(r -> r.header.correlationId()).distinct().toList();
        assertEquals(10, ids.size(), "a fresh correlation id per request");
        assertEquals("test", held.get(0).header.clientId());
    }

    @Test
    void unansweredRequestTimesOutRetriablyAndALateAnswerIsDropped() {
        ClientConnection c = connect(200);
        Future<DeleteTopicsResponse> f = send(c, "slow");
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(f, WAIT));
        assertEquals(ErrorCode.REQUEST_TIMED_OUT, e.error());
        assertTrue(e.retriable());
        answer(held.get(0));
        // the connection still works after the late answer
        broker.on(ApiKey.DELETE_TOPICS, ClientConnectionTest::answer);
        assertEquals("next", Blocking.await(send(c, "next"), WAIT).topics().get(0).name());
    }

    @Test
    void closeFailsEveryPendingRequestWithARetriableNetworkError() {
        ClientConnection c = connect(10_000);
        Future<DeleteTopicsResponse> a = send(c, "a");
        Future<DeleteTopicsResponse> b = send(c, "b");
        eventually("requests arrived", () -> held.size() == 2);
        broker.closeConnections();
        for (Future<DeleteTopicsResponse> f : List.of(a, b)) {
            SpateException e = assertThrows(SpateException.class, () -> Blocking.await(f, WAIT));
            assertEquals(ErrorCode.NETWORK_EXCEPTION, e.error());
            assertTrue(e.retriable());
        }
        Blocking.await(c.closeFuture(), WAIT);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(send(c, "late"), WAIT));
        assertEquals(ErrorCode.NETWORK_EXCEPTION, e.error());
    }

    @Test
    void requestLevelErrorFailsWithTheBrokersCodeAndMessage() {
        ClientConnection c = connect(10_000);
        broker.on(ApiKey.DELETE_TOPICS, r -> r.respondError(ErrorCode.INVALID_REQUEST, "bad body"));
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(send(c, "x"), WAIT));
        assertEquals(ErrorCode.INVALID_REQUEST, e.error());
        assertTrue(e.getMessage().contains("bad body"));
    }

    @Test
    void malformedResponseBodyFailsOnlyItsRequest() {
        ClientConnection c = connect(10_000);
        broker.on(ApiKey.DELETE_TOPICS, r -> r.respond(out -> out.writeInt(5)));
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(send(c, "x"), WAIT));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
        broker.on(ApiKey.DELETE_TOPICS, ClientConnectionTest::answer);
        assertEquals("y", Blocking.await(send(c, "y"), WAIT).topics().get(0).name());
    }

    @Test
    void connectionRefusedIsARetriableNetworkError() {
        int port = broker.port();
        broker.stop();
        ConnectionConfig config = new ConnectionConfig("test", 1_000, 5_000);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(
                ClientConnection.connect(vertx, client, config, 1, "127.0.0.1", port), WAIT));
        assertEquals(ErrorCode.NETWORK_EXCEPTION, e.error());
    }

    @Test
    void readerFailureFailsTheRequest() {
        ClientConnection c = connect(10_000);
        broker.on(ApiKey.DELETE_TOPICS, ClientConnectionTest::answer);
        Future<Object> f = c.send(ApiKey.DELETE_TOPICS, new DeleteTopicsRequest(List.of("x"), 0), (ByteBuf in) -> {
            throw new IllegalStateException("reader says no");
        });
        assertThrows(IllegalStateException.class, () -> Blocking.await(f, WAIT));
    }
}
