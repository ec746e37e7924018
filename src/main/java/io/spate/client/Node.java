package io.spate.client;

/** A node of the cluster as the metadata describes it; {@code rack} may be null. */
public record Node(int id, String host, int port, String rack) {
    public String address() {
        return host + ":" + port;
    }
}
