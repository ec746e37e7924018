package io.spate.broker.node;

/**
 * The Kafka-protocol listener of a node (issue 17; docs/kafka-compatibility.md).
 *
 * @param host           {@code kafka.listener.host}: the address it binds
 * @param port           {@code kafka.listener.port}: its port, 0 for any free one, {@link #OFF} for no Kafka listener
 * @param advertisedHost the host Metadata and FindCoordinator name for this node (from
 *                       {@code kafka.advertised.listener}, else {@code listener.advertised.host})
 * @param advertisedPort the port they name, 0 for the bound port
 */
public record KafkaListenerConfig(String host, int port, String advertisedHost, int advertisedPort) {
    /** Kafka's own default port. */
    public static final int DEFAULT_PORT = 9092;
    /** {@code kafka.listener.port=-1}: the node runs no Kafka listener. */
    public static final int OFF = -1;

    public boolean enabled() {
        return port != OFF;
    }

    /** The port clients are told, given the one bound. */
    public int advertisedPort(int boundPort) {
        return advertisedPort == 0 ? boundPort : advertisedPort;
    }

    /** {@code kafka.advertised.listener} as {@code host:port} ({@code [v6]:port} for an IPv6 address); the port may be 0. */
    static KafkaListenerConfig read(ConfigReader r, String defaultHost, String defaultAdvertisedHost) {
        String host = r.string("kafka.listener.host", defaultHost);
        int port = r.intValue("kafka.listener.port", DEFAULT_PORT, OFF, 65535);
        String advertised = r.string("kafka.advertised.listener", null);
        if (advertised == null) {
            return new KafkaListenerConfig(host, port, defaultAdvertisedHost, 0);
        }
        int colon = advertised.lastIndexOf(':');
        String h = colon < 0 ? "" : advertised.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int p;
        try {
            p = colon < 0 ? -1 : Integer.parseInt(advertised.substring(colon + 1));
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (h.isEmpty() || p < 0 || p > 65535) {
            throw new ConfigException("kafka.advertised.listener", "must be host:port, was '" + advertised + "'");
        }
        return new KafkaListenerConfig(host, port, h, p);
    }
}
