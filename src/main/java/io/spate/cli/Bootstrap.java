package io.spate.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The bootstrap list of the CLI ({@code --bootstrap}, else {@value SpateCli#BOOTSTRAP_ENV}, else
 * {@value SpateCli#DEFAULT_BOOTSTRAP}): comma-separated {@code HOST:PORT}s, as Kafka's
 * {@code bootstrap.servers}.
 *
 * <p>{@link #probe} opens and closes a plain TCP connection to the first address that accepts one,
 * before any client is started, so that an unreachable cluster is told apart (exit code 3) from an
 * operation the cluster refused (exit code 1) and is reported in well under the clients' request
 * timeout.
 */
public record Bootstrap(String spec, List<InetSocketAddress> addresses) {
    /** How long the probe waits for one address to accept a TCP connection. */
    public static final int PROBE_TIMEOUT_MS = 5_000;

    /** Parses {@code host:port[,host:port…]}; IllegalArgumentException says what is wrong. */
    public static Bootstrap parse(String spec) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String part : spec.split(",")) {
            String hostPort = part.trim();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("bootstrap address '" + hostPort + "' is not HOST:PORT");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("bootstrap address '" + hostPort + "' has no valid port (1-65535)");
            }
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        return new Bootstrap(spec, List.copyOf(addresses));
    }

    /** The list in Kafka's {@code bootstrap.servers} form. */
    public String servers() {
        return String.join(",", addresses.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
    }

    /**
     * Returns the first address that accepts a TCP connection (closing it at once), trying them in
     * order; throws {@link CannotConnectException} naming the last failure when none does.
     */
    public InetSocketAddress probe() {
        String lastFailure = "no address";
        for (InetSocketAddress unresolved : addresses) {
            InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
            if (address.isUnresolved()) {
                lastFailure = "unknown host " + unresolved.getHostString();
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, PROBE_TIMEOUT_MS);
                return unresolved;
            } catch (IOException e) {
                lastFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new CannotConnectException(spec, lastFailure);
    }
}
