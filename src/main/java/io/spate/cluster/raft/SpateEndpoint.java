package io.spate.cluster.raft;

import io.microraft.RaftEndpoint;

/**
 * A voter of the metadata quorum: a node, named by its {@code node.id}. Equal ids are the same
 * endpoint, whatever address the node has now (addresses come from cluster membership).
 */
public record SpateEndpoint(int nodeId) implements RaftEndpoint {
    public SpateEndpoint {
        if (nodeId < 0) {
            throw new IllegalArgumentException("a node id is never negative, was " + nodeId);
        }
    }

    @Override
    public Object getId() {
        return nodeId;
    }

    @Override
    public String toString() {
        return "node " + nodeId;
    }
}
