package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bootstrap probe against servers that are not Spate nodes: one that accepts connections and
 * never answers, one that answers as an HTTP server does, one that closes at once, and nothing at
 * all; each is exit code 3 with one line naming the address, within --timeout.
 */
@Timeout(60)
class NodeProbeTest {
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    /** A loopback server whose connections get {@code answer} (then stay open), or nothing when it is null. */
    private int server(byte[] answer, boolean closeAtOnce) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new ArrayList<>();
        servers.add(() -> {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    accepted.add(s);
                    if (answer != null) {
                        s.getInputStream().read(new byte[64]);
                        OutputStream out = s.getOutputStream();
                        out.write(answer);
                        out.flush();
                    }
                    if (closeAtOnce) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    @Test
    void aServerThatNeverAnswersIsExitThreeWithinTheTimeout() throws IOException {
        int port = server(null, false);
        long start = System.nanoTime();
        CliRun run = CliRun.run("--bootstrap", "127.0.0.1:" + port, "--timeout", "300ms", "topic", "list");
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(ExitCodes.CANNOT_CONNECT, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().length, run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: no answer from 127.0.0.1:" + port + " within 300ms"), run.toString());
        assertTrue(tookMs < 10_000, "took " + tookMs + " ms");
    }

    @Test
    void anHttpServerIsNotASpateNode() throws IOException {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int port = server(http, false);
        CliRun run = CliRun.run("-b", "127.0.0.1:" + port, "topic", "list");
        assertEquals(ExitCodes.CANNOT_CONNECT, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().length, run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: not a Spate node at 127.0.0.1:" + port), run.toString());
    }

    @Test
    void aServerThatAnswersAWellSizedFrameOfGarbageIsNotASpateNode() throws IOException {
        // a plausible size, then bytes that are no Spate response header for our correlation id
        byte[] garbage = {0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        int port = server(garbage, false);
        NodeProbe.Failure f = assertThrows(NodeProbe.Failure.class,
                () -> NodeProbe.check(java.net.InetSocketAddress.createUnresolved("127.0.0.1", port), Duration.ofSeconds(5)));
        assertTrue(f.getMessage().startsWith("not a Spate node at 127.0.0.1:" + port), f.getMessage());
    }

    @Test
    void aServerThatClosesAtOnceIsCannotConnect() throws IOException {
        int port = server(null, true);
        CliRun run = CliRun.run("--bootstrap-server", "127.0.0.1:" + port, "topic", "list");
        assertEquals(ExitCodes.CANNOT_CONNECT, run.exitCode(), run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: cannot connect to 127.0.0.1:" + port + ": "), run.toString());
    }

    @Test
    void everyAddressTriedIsReported() throws IOException {
        int silent = server(null, false);
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CannotConnectException e = assertThrows(CannotConnectException.class, () ->
                Bootstrap.parse("127.0.0.1:" + closed + ",127.0.0.1:" + silent).probe(Duration.ofMillis(200)));
        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + closed + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("; no answer from 127.0.0.1:" + silent + " within 200ms"), e.getMessage());
    }
}
