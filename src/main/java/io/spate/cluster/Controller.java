package io.spate.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The controller's duties on the node that is controller now (every node runs one; only the one
 * its {@link ControllerRole} names acts: the oldest live node, or with the metadata quorum its Raft
 * leader): after every membership change, and when it takes the role, it applies {@link LeaderElection} to the
 * metadata, after every metadata change it completes the reassignments whose new replicas are all
 * in sync ({@link Reassignments}), and every {@code leaderRebalanceIntervalMs} it hands leadership
 * back to preferred replicas. Every change is a compare-and-set on the metadata image, so a node that lost the
 * controller role (or the majority) while deciding cannot overwrite the new controller's work.
 *
 * <p>Threading: runs on the membership's change context and the Vert.x timer; decisions are
 * serialized by chaining each on the previous one.
 */
public final class Controller {
    private static final System.Logger LOG = System.getLogger(Controller.class.getName());

    private final Vertx vertx;
    private final ClusterMembership membership;
    private final ClusterMetadata metadata;
    private final ControllerRole role;
    private Future<?> tail = Future.succeededFuture();
    private long timer = -1;

    /** The controller of today's clusters: the oldest live member ({@link ControllerRole#oldestMember}). */
    public Controller(Vertx vertx, ClusterMembership membership, ClusterMetadata metadata) {
        this(vertx, membership, metadata, ControllerRole.oldestMember(membership));
    }

    /** A controller that acts while {@code role} says so (the metadata quorum: its Raft leader). */
    public Controller(Vertx vertx, ClusterMembership membership, ClusterMetadata metadata, ControllerRole role) {
        this.vertx = vertx;
        this.membership = membership;
        this.metadata = metadata;
        this.role = role;
    }

    public void start(long leaderRebalanceIntervalMs) {
        membership.onChange(() -> decide("membership change", LeaderElection::onLiveNodes));
        // a membership change seen while no node was acting (a node cut off with the Raft leader: the
        // majority drops it from Hazelcast before it elects a new leader) would wait for the periodic
        // check: a new controller applies the live set, and completes caught-up moves, at once
        role.onAcquired(() -> {
            decide("became controller", LeaderElection::onLiveNodes);
            decide("became controller", Reassignments::completeAll);
        });
        metadata.onChange(image -> {
            if (Reassignments.anyComplete(image)) {
                decide("reassignment caught up", Reassignments::completeAll);
            }
        });
        timer = vertx.setPeriodic(leaderRebalanceIntervalMs, id -> {
            decide("periodic check", LeaderElection::onLiveNodes);
            decide("preferred leaders", LeaderElection::preferredLeaders);
            decide("reassignments", Reassignments::completeAll);
        });
        decide("start", LeaderElection::onLiveNodes);
    }

    private interface Decision {
        MetadataImage apply(MetadataImage image, Set<Integer> live);
    }

    private synchronized void decide(String why, Decision decision) {
        tail = tail.transform(ignored -> role.acting().transform(acting -> {
            if (acting.failed() || !acting.result()) {
                return Future.succeededFuture();
            }
            Set<Integer> live = membership.liveNodes().stream().map(NodeRecord::nodeId).collect(Collectors.toSet());
            return metadata.update(img -> role.stillActing() ? decision.apply(img, live) : img)
                    .onFailure(err -> LOG.log(System.Logger.Level.WARNING, "controller decision after " + why
                            + " failed; retried at the next change: " + err.getMessage()));
        }));
    }

    public void close() {
        vertx.cancelTimer(timer);
    }
}
