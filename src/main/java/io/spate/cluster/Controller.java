package io.spate.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The controller's duties on the node that is controller now (every node runs one; only the one
 * its {@link ControllerRole} names acts: the metadata quorum's Raft leader): after every membership
 * change, and when it takes the role, it applies {@link LeaderElection} to the metadata, after every
 * metadata change it completes the reassignments whose new replicas are all in sync
 * ({@link Reassignments}) and gives the topics of an image written before topic ids theirs
 * ({@link TopicIds#assignMissing}: once, through the quorum, so every node reads the same), and every {@code leaderRebalanceIntervalMs} it hands leadership back to
 * preferred replicas. Every change is a compare-and-set on the metadata image, so a node that lost
 * the controller role (or the majority) while deciding cannot overwrite the new controller's work.
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

    /** A controller that acts while {@code role} says so (the metadata quorum: its Raft leader). */
    public Controller(Vertx vertx, ClusterMembership membership, ClusterMetadata metadata, ControllerRole role) {
        this.vertx = vertx;
        this.membership = membership;
        this.metadata = metadata;
        this.role = role;
    }

    public void start(long leaderRebalanceIntervalMs) {
        membership.onChange(() -> decide("membership change", LeaderElection::onLiveNodes));
        // elected by the quorum after a node left: no member-list change follows to make it decide
        role.onAcquired(() -> {
            decide("became controller", LeaderElection::onLiveNodes);
            decide("became controller", Reassignments::completeAll);
            decide("became controller", TopicIds::assignMissing);
        });
        metadata.onChange(image -> {
            if (Reassignments.anyComplete(image)) {
                decide("reassignment caught up", Reassignments::completeAll);
            }
            if (TopicIds.anyMissing(image)) {
                // an image imported from before topic ids (or a topic a node of an older version created)
                decide("topics without ids", TopicIds::assignMissing);
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
            // the image the committed attempt was computed on (an update may compute its change again)
            java.util.concurrent.atomic.AtomicReference<MetadataImage> base = new java.util.concurrent.atomic.AtomicReference<>();
            return metadata.update(img -> {
                        base.set(img);
                        return role.stillActing() ? decision.apply(img, live) : img;
                    })
                    .onSuccess(after -> logIsrShrinks(why, base.get(), after, live))
                    .onFailure(err -> LOG.log(System.Logger.Level.WARNING, "controller decision after " + why
                            + " failed; retried at the next change: " + err.getMessage()));
        }));
    }

    /** One INFO line per decision that took nodes out of ISRs: each node, its partition count and the first few. */
    private static void logIsrShrinks(String why, MetadataImage before, MetadataImage after, Set<Integer> live) {
        if (before == null || after == before) {
            return;
        }
        String shrinks = IsrShrinks.describe(before, after);
        if (!shrinks.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "controller decision after " + why + " (epoch " + after.epoch()
                    + ", live nodes " + new java.util.TreeSet<>(live) + "): " + shrinks);
        }
    }

    public void close() {
        vertx.cancelTimer(timer);
    }
}
