package io.spate.testing;

import io.spate.cluster.ClusterMembership;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.RegisteredNode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cluster membership for unit tests: nodes {@code 1..n}, all present and live (incarnation {@code i<id>}), node 1 the local node and the
 * controller, a majority always present; node {@code i} at 127.0.0.1:(7000 + i). Never changes.
 */
public final class FixedMembership implements ClusterMembership {
    private final List<NodeRecord> nodes;

    public FixedMembership(int n) {
        this.nodes = java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(id -> new NodeRecord(id, "m" + id, "127.0.0.1", 7000 + id, null, "i" + id)).toList();
    }

    @Override
    public int localNodeId() {
        return 1;
    }

    @Override
    public List<NodeRecord> liveNodes() {
        return nodes;
    }

    @Override
    public List<NodeRecord> presentNodes() {
        return nodes;
    }

    @Override
    public String incarnation() {
        return "i1";
    }

    @Override
    public boolean isPresent(int nodeId, String incarnation) {
        return nodes.stream().anyMatch(n -> n.nodeId() == nodeId && n.incarnation().equals(incarnation));
    }

    @Override
    public void adoptRegistrations(Map<Integer, RegisteredNode> registered) {
    }

    @Override
    public Map<Integer, NodeRecord> knownNodes() {
        return nodes.stream().collect(Collectors.toMap(NodeRecord::nodeId, Function.identity()));
    }

    @Override
    public OptionalInt controllerId() {
        return OptionalInt.of(1);
    }

    @Override
    public boolean hasMajority() {
        return true;
    }

    @Override
    public void onChange(Runnable listener) {
    }

    @Override
    public Future<Void> advertise(String host, int port) {
        return Future.succeededFuture();
    }

    @Override
    public void close() {
    }
}
