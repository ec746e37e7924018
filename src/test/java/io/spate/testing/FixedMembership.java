package io.spate.testing;

import io.spate.cluster.ClusterMembership;
import io.spate.cluster.NodeRecord;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cluster membership for unit tests: nodes {@code 1..n}, all live, node 1 the local node and the
 * controller, a majority always present; node {@code i} at 127.0.0.1:(7000 + i). Never changes.
 */
public final class FixedMembership implements ClusterMembership {
    private final List<NodeRecord> nodes;

    public FixedMembership(int n) {
        this.nodes = java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(id -> new NodeRecord(id, "m" + id, "127.0.0.1", 7000 + id, null)).toList();
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
