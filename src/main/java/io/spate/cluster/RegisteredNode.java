package io.spate.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A node's registration in the cluster's metadata (issue 15): which process holds the node id, where
 * clients reach it and its rack. It is part of the {@link MetadataImage}, so it changes only through
 * the metadata quorum: a registration is acknowledged once a majority of the voters has it, and
 * a node counts as live only while the process Hazelcast sees under its id is the one registered
 * here (same {@code incarnation}). Like a KRaft broker registration, each start of a node's process
 * registers again under a new incarnation; the previous one is replaced only while its process is
 * not live.
 *
 * @param nodeId      the node id
 * @param incarnation a random id drawn by each start of the node's process
 * @param host        the advertised host of the native listener
 * @param port        the native listener's port (0 while the node is still starting)
 * @param rack        the node's rack, or null
 * @param kafka       where Kafka clients reach the node's Kafka listener (issue 17); null while it
 *                    runs none (or is still starting), and in registrations of builds before it. Left
 *                    out of the JSON when null, so such a registration reads as it did before
 */
public record RegisteredNode(int nodeId, String incarnation, String host, int port, String rack,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Endpoint kafka) {
    public RegisteredNode {
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(host, "host");
        if (nodeId < 0 || port < 0) {
            throw new IllegalArgumentException("a registration has a node id and port of 0 or more: " + nodeId + ", " + port);
        }
    }

    /** A registration without a Kafka listener. */
    public RegisteredNode(int nodeId, String incarnation, String host, int port, String rack) {
        this(nodeId, incarnation, host, port, rack, null);
    }

    /** {@code host:port}, what clients connect to. */
    public String address() {
        return host + ":" + port;
    }
}
