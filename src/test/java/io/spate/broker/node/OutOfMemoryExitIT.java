package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.common.FatalErrors;
import io.spate.testing.NodeProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that runs out of heap exits (status 3) instead of lingering as a zombie. The node runs
 * without -XX:+ExitOnOutOfMemoryError, on a 96 MiB heap, with queued.max.request.bytes set far above
 * it (an operator's mistake), and four connections each send most of a 100 MB frame.
 */
@Timeout(120)
class OutOfMemoryExitIT {
    @TempDir
    Path dir;

    @Test
    void aNodeOutOfHeapHaltsWithStatus3() throws Exception {
        try (NodeProcess node = NodeProcess.startWithHeap("96m", dir.resolve("data"), "queued.max.request.bytes=4000000000")) {
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
                    sockets.add(s);
                    OutputStream out = s.getOutputStream();
                    writers.submit(() -> {
                        try {
                            out.write(ByteBuffer.allocate(4).putInt(100 * 1024 * 1024 - 1).array());
                            byte[] chunk = new byte[64 * 1024];
                            for (int sent = 0; sent < 90 * 1024 * 1024; sent += chunk.length) {
                                out.write(chunk);
                            }
                        } catch (IOException expected) {
                            // the node went away
                        }
                        return null;
                    });
                }
                Integer status = node.awaitExit(90_000);
                assertNotNull(status, "the node still runs after running out of heap: " + node.tail());
                assertEquals(FatalErrors.EXIT_STATUS, status, node.tail());
                assertTrue(node.tail().contains("spate: fatal: out of memory"), node.tail());
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
                writers.shutdownNow();
            }
        }
    }
}
