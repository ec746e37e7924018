package io.spate.cluster;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Which nodes form the cluster right now. A node is <em>present</em> when its process is a member
 * of the cluster manager and has claimed its node id; it is <em>live</em> when it is present and
 * the metadata image registers its id to that same process (incarnation). Only live nodes take part
 * in the controller's decisions and are shown to clients; present ones may follow the metadata
 * quorum (which is how a new node gets to register).
 *
 * <p>Threading: the views may be read from any thread (they are immutable snapshots); change
 * listeners run on the membership's own context, one change at a time, in the order seen.
 */
public interface ClusterMembership {
    /** This node's id. */
    int localNodeId();

    /**
     * Present nodes whose registration in the metadata image names their current incarnation, oldest
     * first, with the registration's host, port and rack.
     */
    List<NodeRecord> liveNodes();

    /** Nodes whose process is a member and has claimed its id, registered or not, oldest first. */
    List<NodeRecord> presentNodes();

    /** The random id of this node's process, drawn at each start. */
    String incarnation();

    /** Whether the process {@code incarnation} is present under {@code nodeId}. */
    boolean isPresent(int nodeId, String incarnation);

    /** Takes the node registrations of a newly committed metadata image (any thread). */
    void adoptRegistrations(Map<Integer, RegisteredNode> nodes);

    /** Every node id ever claimed (present or not), by id. */
    Map<Integer, NodeRecord> knownNodes();

    /**
     * The oldest live node, if any. Not the controller of a cluster whose metadata a quorum holds
     * (that is the quorum's leader); used only where no quorum runs (tests' in-memory metadata).
     */
    OptionalInt controllerId();


    /** Whether a majority of {@code cluster.size} members is present (metadata may change). */
    boolean hasMajority();

    /** Runs {@code listener} after every change of the live nodes or the controller. */
    void onChange(Runnable listener);

    /** Publishes in this node's id claim where clients reach it, once its listener is bound. */
    Future<Void> advertise(String host, int port);

    /** Stops listening for changes; the Hazelcast member itself leaves with the Vert.x instance. */
    void close();
}
