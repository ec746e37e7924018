package io.spate.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bootstrap list of the CLI ({@code --bootstrap}, else {@value SpateCli#BROKERS_ENV}, else
 * {@value SpateCli#DEFAULT_BOOTSTRAP}): comma-separated {@code HOST:PORT}s, as Kafka's
 * {@code bootstrap.servers}.
 *
 * <p>{@link #probe} asks the addresses in turn until one answers as a Spate node, before any client
 * is started, so that an unreachable, silent or foreign server is told apart (exit code 3) from an
 * operation the cluster refused (exit code 1) and is reported within {@code --timeout} instead of
 * the clients' request timeout.
 */
public record Bootstrap(String spec, List<InetSocketAddress> addresses) {
    /** How long the probe waits for one address to accept a connection and answer, without --timeout. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);

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
     * Returns the first address where a Spate node answers ({@link NodeProbe}: it accepts a TCP
     * connection and answers ApiVersions within {@code timeout}), trying them in order; throws
     * {@link CannotConnectException} saying what was found at each when none does.
     */
    public InetSocketAddress probe(Duration timeout) {
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            try {
                NodeProbe.check(address, timeout);
                return address;
            } catch (NodeProbe.Failure e) {
                failures.add(e.getMessage());
            }
        }
        throw new CannotConnectException(spec, String.join("; ", failures));
    }
}
