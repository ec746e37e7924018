package io.spate.cluster;

import io.vertx.core.Future;

/**
 * Whether this node acts as the controller: the metadata quorum's Raft leader. {@link Controller}
 * asks {@link #acting()} before each decision and {@link #stillActing()} again inside the change; the change is a compare-and-set on the image either way,
 * so a node that lost the role meanwhile cannot overwrite the new controller's work.
 */
public interface ControllerRole {
    /** Whether this node is the controller now (may ask the quorum). */
    Future<Boolean> acting();

    /** A cheap re-check from inside the metadata change. */
    boolean stillActing();

    /**
     * Runs {@code listener} whenever this node becomes the controller by a change that membership
     * does not announce (the quorum electing it).
     */
    default void onAcquired(Runnable listener) {
    }
}
