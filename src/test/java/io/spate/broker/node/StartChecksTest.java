package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartChecksTest {
    @TempDir
    Path tmp;

    @Test
    void aTakenAddressIsNamedAndNoDataDirIsCreated() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            BrokerConfig config = ConfigLoader.load(null, List.of("listener.host=127.0.0.1", "listener.port=" + port,
                    "data.dir=" + dataDir));
            Throwable failure = SpateNode.start(config).toCompletionStage().toCompletableFuture()
                    .handle((node, err) -> err).get(30, TimeUnit.SECONDS);
            assertTrue(failure instanceof NodeStartException, String.valueOf(failure));
            assertTrue(failure.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + ": "), failure.getMessage());
            assertFalse(Files.exists(dataDir), "the data dir was created");
        }
    }

    @Test
    void aFreeAddressAndPortZeroPass() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StartChecks.listenerAddressIsFree("127.0.0.1", port);
        StartChecks.listenerAddressIsFree("127.0.0.1", 0);
    }

    @Test
    void aDataDirThatIsAFileIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        NodeStartException e = assertThrows(NodeStartException.class, () -> StartChecks.dataDirIsUsable(file));
        assertEquals("data.dir " + file + " is a file, not a directory", e.getMessage());
        Path below = file.resolve("data");
        e = assertThrows(NodeStartException.class, () -> StartChecks.dataDirIsUsable(below));
        assertEquals("data.dir " + below + " cannot be created: " + file + " is a file, not a directory", e.getMessage());
    }

    @Test
    void aDirectoryOrOneThatCanBeCreatedPasses() {
        StartChecks.dataDirIsUsable(tmp);
        StartChecks.dataDirIsUsable(tmp.resolve("a/b/c"));
        assertFalse(Files.exists(tmp.resolve("a")), "the check creates nothing");
    }

    @Test
    void anUnwritableDataDirIsNamed() throws IOException {
        Path readOnly = Files.createDirectory(tmp.resolve("ro"));
        assertTrue(readOnly.toFile().setWritable(false, false));
        try {
            // root writes anywhere but in a few kernel directories: a process's /proc entry is one
            Path dir = Files.isWritable(readOnly) ? Path.of("/proc/self") : readOnly;
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(dir), "no directory this user cannot write");
            NodeStartException e = assertThrows(NodeStartException.class, () -> StartChecks.dataDirIsUsable(dir));
            assertEquals("data.dir " + dir + " is not writable by this user", e.getMessage());
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    @Test
    void testNodesOnPortZeroStillStart(@TempDir Path data) {
        TestNode.stop(TestNode.start(data));
    }
}
