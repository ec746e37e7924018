package io.spate.cluster;

import java.util.Objects;

/**
 * Where clients reach one of a node's listeners: its advertised host and port. A node's
 * {@link RegisteredNode registration} carries the native listener's as host and port, and the Kafka
 * listener's (issue 17) as an endpoint of its own.
 *
 * @param host the advertised host
 * @param port the advertised port, 1..65535
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("an endpoint's port is 1..65535, was " + port);
        }
    }

    /** {@code host:port}. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
