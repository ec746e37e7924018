package io.spate.broker.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a node checks before it touches anything, so that a node that cannot run fails with the
 * reason and leaves no trace: the listener's address is free (a node started twice must not create,
 * or take over, a data directory before it finds its port taken), and the data directory is a
 * writable directory, or can be created as one. Each failure is a {@link NodeStartException} whose
 * message names the address or path and the reason.
 *
 * <p>Blocking (binds a socket, reads the file system): run off the event loop.
 */
final class StartChecks {
    private StartChecks() {
    }

    /** Runs every check, in the order a start would fail on them. */
    static void check(BrokerConfig config) {
        listenerAddressIsFree(config.listenerHost(), config.listenerPort());
        dataDirIsUsable(config.dataDir());
    }

    /** Binds (and closes) a server socket on host:port; port 0 (any free port) always passes. */
    static void listenerAddressIsFree(String host, int port) {
        if (port == 0) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new NodeStartException("listener.host '" + host + "' does not resolve to an address");
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as the listener binds: a socket in TIME_WAIT does not count as taken
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (IOException e) {
            throw new NodeStartException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (another process listens there? set listener.port)");
        }
    }

    /**
     * The data directory exists as a writable directory, or its nearest existing ancestor is a
     * writable directory it can be created in. Nothing is created.
     */
    static void dataDirIsUsable(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new NodeStartException("data.dir " + dataDir + " is a file, not a directory");
            }
            if (!Files.isWritable(dir)) {
                throw new NodeStartException("data.dir " + dataDir + " is not writable by this user");
            }
            return;
        }
        Path ancestor = dir.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new NodeStartException("data.dir " + dataDir + " cannot be created: no part of its path exists");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new NodeStartException("data.dir " + dataDir + " cannot be created: " + ancestor
                    + " is a file, not a directory");
        }
        if (!Files.isWritable(ancestor)) {
            throw new NodeStartException("data.dir " + dataDir + " cannot be created: " + ancestor
                    + " is not writable by this user");
        }
    }
}
