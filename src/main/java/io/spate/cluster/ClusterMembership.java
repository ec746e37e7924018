package io.spate.cluster;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which nodes form the cluster right now and which of them is the controller. The controller is
 * the oldest live member that has registered as a node; when it leaves, the next oldest takes over.
 *
 * <p>Threading: the views may be read from any thread (they are immutable snapshots); change
 * listeners run on the membership's own context, one change at a time, in the order seen.
 */
public interface ClusterMembership {
    /** This node's id. */
    int localNodeId();

    /** Registered nodes that are live members, oldest first. */
    List<NodeRecord> liveNodes();

    /** Every node ever registered (live or not), by id. */
    Map<Integer, NodeRecord> knownNodes();

    /** The controller's node id, if a registered node is live. */
    OptionalInt controllerId();

    default boolean isController() {
        return controllerId().orElse(-1) == localNodeId();
    }

    /** Whether a majority of {@code cluster.size} members is present (metadata may change). */
    boolean hasMajority();

    /** Runs {@code listener} after every change of the live nodes or the controller. */
    void onChange(Runnable listener);

    /** Publishes where clients reach this node, once its listener is bound. */
    Future<Void> advertise(String host, int port);

    /** Stops listening for changes; the Hazelcast member itself leaves with the Vert.x instance. */
    void close();
}
