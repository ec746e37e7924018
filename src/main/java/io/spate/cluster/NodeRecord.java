package io.spate.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A node as the cluster sees it: its stable id, the Hazelcast member it currently runs as, the
 * incarnation of its process, where clients reach it and its rack. A node's claim of its id is
 * stored as JSON in the {@code spate.nodes} map (so that nodes of different builds can read each
 * other's entries); a live node's host, port and rack come from its {@link RegisteredNode
 * registration} in the metadata image.
 *
 * @param nodeId      the stable node id (kept in the node's data dir)
 * @param memberUuid  the Hazelcast member UUID of the node's current run
 * @param host        the advertised host of the native listener
 * @param port        the native listener's port (0 while the node is still starting)
 * @param rack        the node's rack, or null
 * @param incarnation the random id of the node's process (null in claims of builds before it)
 * @param kafka       where Kafka clients reach the node (issue 17), from its registration: null in
 *                    claims (they never carry it, so builds before it read them) and for a node
 *                    that runs no Kafka listener
 */
public record NodeRecord(int nodeId, String memberUuid, String host, int port, String rack, String incarnation,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Endpoint kafka) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record without a Kafka endpoint (every id claim). */
    public NodeRecord(int nodeId, String memberUuid, String host, int port, String rack, String incarnation) {
        this(nodeId, memberUuid, host, port, rack, incarnation, null);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static NodeRecord fromJson(String json) {
        try {
            return JSON.readValue(json, NodeRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a node record: " + json, e);
        }
    }

    /** {@code host:port}, what clients connect to. */
    public String address() {
        return host + ":" + port;
    }
}
