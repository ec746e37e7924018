package io.spate.cluster;

import io.vertx.core.Future;

/**
 * Whether this node acts as the controller: today the oldest live registered member while a
 * majority of {@code cluster.size} is present ({@link #oldestMember}); with the metadata quorum, its
 * Raft leader. {@link Controller} asks {@link #acting()} before each decision and {@link
 * #stillActing()} again inside the change; the change is a compare-and-set on the image either way,
 * so a node that lost the role meanwhile cannot overwrite the new controller's work.
 */
public interface ControllerRole {
    /** Whether this node is the controller now (may ask the quorum). */
    Future<Boolean> acting();

    /** A cheap re-check from inside the metadata change. */
    boolean stillActing();

    /**
     * Runs {@code action} each time this node takes the role by an event other than a membership
     * change (the Raft leader elected after Hazelcast already removed a node: the controller must
     * then apply that change itself, since the node that saw it was not acting). The oldest-member
     * rule changes only with membership, so it never calls it.
     */
    default void onAcquired(Runnable action) {
    }

    /** Today's rule: the oldest live member, while a majority of {@code cluster.size} is present. */
    static ControllerRole oldestMember(ClusterMembership membership) {
        return new ControllerRole() {
            @Override
            public Future<Boolean> acting() {
                return Future.succeededFuture(membership.isController() && membership.hasMajority());
            }

            @Override
            public boolean stillActing() {
                return membership.isController();
            }
        };
    }
}
