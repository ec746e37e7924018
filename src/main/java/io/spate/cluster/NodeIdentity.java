package io.spate.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spate.log.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The node id a data directory belongs to: {@code <data.dir>/meta/node.json},
 * {@code {"version": 1, "node.id": N, "cluster.name": "..."}}, written once when the directory is
 * first used. A node started on a directory that belongs to another node id or another cluster
 * refuses to start, so logs can never be served under the wrong identity. Blocking: call it on a
 * worker thread.
 */
public final class NodeIdentity {
    /** {@code node.id} when the node should take its stored id, or a free one from the cluster. */
    public static final int AUTO = -1;
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public NodeIdentity(Path dataDir) {
        this.file = dataDir.resolve("meta").resolve("node.json");
    }

    /**
     * The id stored for this directory, checked against the configured one and the cluster name.
     *
     * @throws IllegalStateException when the directory belongs to another node id or cluster
     */
    public OptionalInt stored(int configured, String clusterName) {
        if (!Files.exists(file)) {
            return OptionalInt.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (n == null || n.path("version").asInt() != VERSION || !n.path("node.id").canConvertToInt()) {
            throw new IllegalStateException(file + " is not a node identity this build reads");
        }
        int id = n.path("node.id").asInt();
        if (configured != AUTO && configured != id) {
            throw new IllegalStateException("data dir " + file.getParent().getParent() + " belongs to node " + id
                    + ", but node.id=" + configured);
        }
        String cluster = n.path("cluster.name").asText(clusterName);
        if (!cluster.equals(clusterName)) {
            throw new IllegalStateException("data dir " + file.getParent().getParent() + " belongs to cluster '"
                    + cluster + "', but cluster.name=" + clusterName);
        }
        return OptionalInt.of(id);
    }

    public void store(int nodeId, String clusterName) {
        try {
            AtomicFile.write(file, JSON.writeValueAsBytes(Map.of("version", VERSION, "node.id", nodeId,
                    "cluster.name", clusterName)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
