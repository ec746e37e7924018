package io.spate.broker.wire;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.MetadataRequest;
import io.spate.testing.RawConnection;
import io.spate.testing.TestNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native listener's resource limits on an in-process node: the node-wide bound on request
 * memory, the connection limits and the idle timeout.
 */
@Timeout(60)
class ListenerLimitsTest {
    private static final int MIB = 1 << 20;
    /** What one socket read can bring past the bound (Netty's largest default receive buffer). */
    private static final int ONE_READ = 64 * 1024;

    @TempDir
    Path dataDir;

    /** A raw socket that announces a frame of {@code announced} bytes and sends {@code sent} of them (from another thread: the node may stop reading). */
    private static Socket halfSend(ExecutorService writers, int port, int announced, int sent) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = s.getOutputStream();
        writers.submit(() -> {
            out.write(ByteBuffer.allocate(4).putInt(announced).array());
            byte[] chunk = new byte[16 * 1024];
            for (int done = 0; done < sent; done += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, sent - done));
            }
            out.flush();
            return null;
        });
        return s;
    }

    private static void metadataAnswered(SpateNode node) {
        try (RawConnection c = new RawConnection(node.port())) {
            assertEquals(ErrorCode.NONE, c.call(ApiKey.METADATA, new MetadataRequest(List.of(), false)).header().error());
        }
    }

    @Test
    void halfSentFramesStopAtTheBoundAndTheNodeStillAnswers() throws Exception {
        int bound = 4 * MIB;
        int attackers = 8;
        SpateNode node = TestNode.start(dataDir, "socket.request.max.bytes=" + bound, "queued.max.request.bytes=" + bound,
                "connections.max.idle.ms=2000");
        ExecutorService writers = Executors.newFixedThreadPool(attackers);
        List<Socket> sockets = new ArrayList<>();
        try {
            // each announces the largest frame and sends a quarter of it: 8 MiB wanted, 4 MiB allowed
            for (int i = 0; i < attackers; i++) {
                sockets.add(halfSend(writers, node.port(), bound, bound / 4));
            }
            eventually(Duration.ofSeconds(15), "the bound is reached",
                    () -> node.listenerStats().queuedRequestBytes() >= bound && node.listenerStats().memoryPauses() > 0);
            Thread.sleep(300); // give a node that would read on a chance to do so
            ListenerStats full = node.listenerStats();
            assertTrue(full.peakQueuedRequestBytes() <= bound + (long) attackers * ONE_READ,
                    "peak " + full.peakQueuedRequestBytes() + " > bound " + bound + " + one read per connection");
            // a client with one small request at a time is still served
            metadataAnswered(node);
            // once they close (or, paused and silent, turn idle and are closed) their bytes are free again
            sockets.forEach(ListenerLimitsTest::closeQuietly);
            eventually(Duration.ofSeconds(15), "memory freed", () -> node.listenerStats().queuedRequestBytes() == 0);
            metadataAnswered(node);
        } finally {
            sockets.forEach(ListenerLimitsTest::closeQuietly);
            writers.shutdownNow();
            writers.awaitTermination(5, TimeUnit.SECONDS);
            TestNode.stop(node);
        }
    }

    @Test
    void closingAHalfSentConnectionReleasesItsBytes() throws Exception {
        SpateNode node = TestNode.start(dataDir);
        ExecutorService writers = Executors.newSingleThreadExecutor();
        try {
            Socket s = halfSend(writers, node.port(), 100 * MIB, 300_000);
            eventually("the partial frame is held", () -> node.listenerStats().queuedRequestBytes() >= 300_000);
            // held by what arrived, not what was announced
            assertTrue(node.listenerStats().queuedRequestBytes() <= 300_000 * 3 / 2 + ONE_READ,
                    "held " + node.listenerStats().queuedRequestBytes());
            s.close();
            eventually("released on close", () -> node.listenerStats().queuedRequestBytes() == 0);
            metadataAnswered(node);
            eventually("an answered request releases its bytes", () -> node.listenerStats().queuedRequestBytes() == 0);
        } finally {
            writers.shutdownNow();
            TestNode.stop(node);
        }
    }

    @Test
    void connectionsOverMaxConnectionsAreClosedAndCounted() {
        SpateNode node = TestNode.start(dataDir, "max.connections=2");
        try (RawConnection a = new RawConnection(node.port()); RawConnection b = new RawConnection(node.port())) {
            a.call(ApiKey.METADATA, new MetadataRequest(List.of(), false));
            b.call(ApiKey.METADATA, new MetadataRequest(List.of(), false));
            try (RawConnection c = new RawConnection(node.port())) {
                assertTrue(c.isClosedByPeer(5_000), "the third connection stays open");
            }
            assertEquals(1, node.listenerStats().refusedMaxConnections());
            a.close();
            eventually("the closed connection is forgotten", () -> node.listenerStats().connections() == 1);
            metadataAnswered(node);
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void connectionsOverMaxConnectionsPerIpAreClosedWhileOtherAddressesConnect() {
        SpateNode node = TestNode.start(dataDir, "max.connections.per.ip=1");
        try (RawConnection a = new RawConnection(node.port(), "127.0.0.1");
             RawConnection other = new RawConnection(node.port(), "127.0.0.2")) {
            a.call(ApiKey.METADATA, new MetadataRequest(List.of(), false));
            assertEquals(ErrorCode.NONE, other.call(ApiKey.METADATA, new MetadataRequest(List.of(), false)).header().error());
            try (RawConnection second = new RawConnection(node.port(), "127.0.0.1")) {
                assertTrue(second.isClosedByPeer(5_000), "a second connection from 127.0.0.1 stays open");
            }
            assertEquals(1, node.listenerStats().refusedPerIp());
            assertEquals(0, node.listenerStats().refusedMaxConnections());
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void anIdleConnectionIsClosedButOneWithAParkedFetchIsNot() {
        SpateNode node = TestNode.start(dataDir, "connections.max.idle.ms=500");
        try (RawConnection idle = new RawConnection(node.port()); RawConnection fetching = new RawConnection(node.port())) {
            io.spate.broker.wire.NativeProtocolTest.createTopic(fetching, "quiet", 1, Map.of());
            // nothing below the high watermark: the fetch parks for its whole max_wait (2 s, four idle periods)
            int id = fetching.send(ApiKey.FETCH, (short) 0, new FetchRequest(-1, 2_000, 1, MIB, List.of(
                    new FetchRequest.TopicData("quiet", List.of(new FetchRequest.PartitionData(0, -1, 0, MIB))))));
            assertTrue(idle.isClosedByPeer(5_000), "the idle connection stays open");
            RawConnection.Response answer = fetching.readResponse(id);
            assertEquals(ErrorCode.NONE, answer.header().error());
            assertEquals(0, FetchResponse.readFrom(answer.body()).topics().get(0).partitions().get(0).records().readableBytes());
            // answered, and still open
            assertEquals(ErrorCode.NONE, fetching.call(ApiKey.METADATA, new MetadataRequest(List.of(), false)).header().error());
            assertTrue(node.listenerStats().closedIdle() >= 1);
        } finally {
            TestNode.stop(node);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
