package io.spate.cluster.raft;

import io.vertx.core.Future;

/**
 * How a voter that is not the leader hands a metadata change ({@link MetadataCommand.SetImage} or
 * {@link MetadataCommand.Import}) to the leader: the leader runs it with
 * {@link RaftClusterMetadata#propose} and sends back what came of it. Supplied by the caller (the
 * event bus between nodes; an in-memory hand-off in tests).
 *
 * <p>The returned Future fails with MicroRaft's {@code NotLeaderException} (whose {@code getLeader()}
 * may name the leader) when the receiver is not the leader, and with any exception when the
 * proposal or its answer was lost on the way: the proposer then does not know whether the change
 * was committed, and finds out from the log. Called on the metadata context; may complete anywhere.
 */
@FunctionalInterface
public interface ProposalForwarder {
    Future<ProposalResult> forward(SpateEndpoint leader, MetadataCommand command);
}
