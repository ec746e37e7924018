package io.spate.client.internal.network;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.spate.broker.node.SpateNode;
import io.spate.testing.TestNode;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * reconnect.backoff.ms / reconnect.backoff.max.ms against a node that refuses every connection the
 * way max.connections does: it accepts the TCP connection and closes it at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ReconnectBackoffTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private Vertx vertx;
    private LoopContext context;
    private NetworkClient network;
    private NetServer server;
    /** When the refusing server accepted each connection (System.nanoTime). */
    private final List<Long> accepted = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (network != null) {
            Blocking.await(on(() -> network.close()), WAIT);
        }
        if (server != null) {
            Blocking.await(server.close(), WAIT);
        }
    }

    private <T> Future<T> on(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }

    /** A server on 127.0.0.1 that accepts and closes every connection at once; its address. */
    private String refusingServer() {
        server = vertx.createNetServer().connectHandler(s -> {
            accepted.add(System.nanoTime());
            s.close();
        });
        return "127.0.0.1:" + Blocking.await(server.listen(0, "127.0.0.1"), WAIT).actualPort();
    }

    private static List<Long> gapsMs(List<Long> times) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add((times.get(i) - times.get(i - 1)) / 1_000_000);
        }
        return gaps;
    }

    @Test
    void aNodeThatRefusesEveryConnectionIsRetriedWithGrowingBackoff(Vertx vertx) {
        this.vertx = vertx;
        this.context = LoopContext.create(vertx);
        String address = refusingServer();
        network = new NetworkClient(vertx, context, NetworkConfig.of(new AdminConfig().setBootstrapServers(address)));

        // a client that wants metadata for 2 s without a pause, as `spate produce` does while it waits
        // for its topic; each refresh ends with a refused connection (or waits for the backoff first)
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int refreshes = 0;
        while (System.nanoTime() < end) {
            SpateException e = assertThrows(SpateException.class,
                    () -> Blocking.await(on(() -> network.refreshMetadata()), WAIT));
            assertEquals(ErrorCode.NETWORK_EXCEPTION, e.error());
            refreshes++;
        }

        List<Long> times = List.copyOf(accepted);
        List<Long> gaps = gapsMs(times);
        // defaults 50 ms doubling to 1000 ms (±20%): attempts at about 0, 50, 150, 350, 750, 1550 ms;
        // even with every wait 20% short the 8th cannot start within 2 s of the first
        // (before reconnect.backoff: some 4,500 attempts, most under 1 ms apart)
        assertTrue(times.size() <= 8, times.size() + " connection attempts in 2 s by " + refreshes
                + " refreshes, first gaps (ms) " + gaps.subList(0, Math.min(20, gaps.size())));
        assertTrue(times.size() >= 4, "kept trying: " + times.size() + " attempts");
        // the accept times are read on the server's event loop, so one late accept can shorten the
        // gap after it: compare sums of gaps, not single gaps
        long firstTwo = gaps.get(0) + gaps.get(1);
        long lastTwo = gaps.get(gaps.size() - 1) + gaps.get(gaps.size() - 2);
        assertTrue(lastTwo > 2 * firstTwo, "spacing grows: " + gaps);
        assertTrue(gaps.get(gaps.size() - 1) >= 400, "spacing grows: " + gaps);
    }

    @Test
    void theFailureCountIsForgottenOnceAConnectionToTheNodeAnswered(Vertx vertx, @TempDir Path dataDir)
            throws Exception {
        this.vertx = vertx;
        this.context = LoopContext.create(vertx);
        SpateNode node = TestNode.start(dataDir, "max.connections=2");
        List<Socket> held = new ArrayList<>();
        try {
            // two idle connections take the node's two places: it refuses the client's
            for (int i = 0; i < 2; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), node.port()));
            }
            network = new NetworkClient(vertx, context,
                    NetworkConfig.of(new AdminConfig().setBootstrapServers(node.address())));
            int bootstrap = NetworkClient.bootstrapId(0);
            eventually(Duration.ofSeconds(10), "three refused attempts in a row", () -> {
                refreshIgnoringFailure();
                return failedAttempts(bootstrap) >= 3;
            });

            for (Socket s : held) {
                s.close();
            }
            held.clear();
            eventually(Duration.ofSeconds(10), "metadata once a place is free", () -> {
                refreshIgnoringFailure();
                return Blocking.await(on(() -> Future.succeededFuture(network.metadata().nodes().size())), WAIT) > 0;
            });
            assertEquals(0, failedAttempts(bootstrap), "reset by the connection's first response");
        } finally {
            for (Socket s : held) {
                s.close();
            }
            Blocking.await(on(() -> network.close()), WAIT);
            network = null;
            TestNode.stop(node);
        }
    }

    /** One metadata refresh; a failure (the node refused) is what some steps expect. */
    private void refreshIgnoringFailure() {
        try {
            Blocking.await(on(() -> network.refreshMetadata()), WAIT);
        } catch (SpateException expected) {
            // refused: counted by the network client
        }
    }

    private int failedAttempts(int id) {
        return Blocking.await(on(() -> Future.succeededFuture(network.failedAttempts(id))), WAIT);
    }
}
