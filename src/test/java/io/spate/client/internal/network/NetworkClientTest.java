package io.spate.client.internal.network;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.Blocking;
import io.spate.client.ClientConfig;
import io.spate.client.FakeBroker;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class NetworkClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private Vertx vertx;
    private LoopContext context;
    private FakeBroker broker;
    private NetworkClient network;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        this.context = LoopContext.create(vertx);
        broker = FakeBroker.start(vertx, 7).topic("t", 3);
    }

    @AfterEach
    void stop() {
        if (network != null) {
            Blocking.await(on(() -> network.close()), WAIT);
        }
    }

    private <T> Future<T> on(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }

    private NetworkClient client(List<String> bootstrap, long maxAgeMs) {
        return new NetworkClient(vertx, context, new NetworkConfig(bootstrap, "test", 2_000, maxAgeMs, 10, 50, 2_000,
                ClientConfig.DEFAULT_RECONNECT_BACKOFF_MS, ClientConfig.DEFAULT_RECONNECT_BACKOFF_MAX_MS));
    }

    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void learnsTheClusterFromAnyBootstrapAddress() throws Exception {
        network = client(List.of("127.0.0.1:" + deadPort(), broker.address()), 300_000);
        Metadata.TopicState t = Blocking.await(on(() -> network.awaitTopic("t", network.nowMs() + 10_000)), WAIT);
        assertEquals(3, t.partitionCount());
        Metadata m = Blocking.await(on(() -> Future.succeededFuture(network.metadata())), WAIT);
        assertEquals(7, m.leader(new TopicPartition("t", 2)));
        assertEquals(broker.port(), m.node(7).port());
    }

    @Test
    void unknownTopicFailsAtTheDeadlineWithItsError() {
        network = client(List.of(broker.address()), 300_000);
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(
                on(() -> network.awaitTopic("nope", network.nowMs() + 200)), WAIT));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, e.error());
        assertTrue(broker.requests(ApiKey.METADATA).size() > 1, "retried");
    }

    @Test
    void metadataIsRefreshedAtItsMaxAge() {
        network = client(List.of(broker.address()), 50);
        Blocking.await(on(() -> network.refreshMetadata()), WAIT);
        eventually("refreshed again by age", () -> broker.requests(ApiKey.METADATA).size() >= 3);
    }

    @Test
    void concurrentRefreshesShareOneRequest() {
        network = client(List.of(broker.address()), 300_000);
        Blocking.await(on(() -> Future.all(network.refreshMetadata(), network.refreshMetadata(),
                network.refreshMetadata()).mapEmpty()), WAIT);
        assertEquals(1, broker.requests(ApiKey.METADATA).size());
    }

    @Test
    void noReachableNodeIsARetriableNetworkError() throws Exception {
        network = client(List.of("127.0.0.1:" + deadPort()), 300_000);
        SpateException e = assertThrows(SpateException.class,
                () -> Blocking.await(on(() -> network.refreshMetadata()), WAIT));
        assertEquals(ErrorCode.NETWORK_EXCEPTION, e.error());
        assertTrue(e.retriable());
    }

    @Test
    void aClientWhoseKnownNodesAllDiedGoesBackToItsBootstrapAddresses() throws Exception {
        // the broker first says the cluster is one node 9 (at an address where nothing listens), as a
        // survivor can for a moment after the controller died; then it tells the truth
        int dead = deadPort();
        broker.metadata(asked -> new MetadataResponse(List.of(new MetadataResponse.Broker(9, "127.0.0.1", dead, null)),
                "c", 9, List.of()));
        network = client(List.of(broker.address()), 300_000);
        Blocking.await(on(() -> network.refreshMetadata()), WAIT);
        assertEquals(9, Blocking.await(on(() -> Future.succeededFuture(network.metadata().controllerId())), WAIT));
        broker.metadata(broker::defaultMetadata);

        Metadata m = Blocking.await(on(() -> network.withRetries(() -> network.sendToController(ApiKey.METADATA,
                new MetadataRequest(List.of(), false), MetadataResponse::readFrom, 2_000)
                .compose(r -> network.refreshMetadata()), network.nowMs() + 10_000, "metadata")), WAIT);
        assertEquals(7, m.controllerId(), "learnt from the bootstrap address");
        assertEquals(broker.port(), m.node(7).port());
    }
}
