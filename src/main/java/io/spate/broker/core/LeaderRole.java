package io.spate.broker.core;

import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.replication.AckStatus;
import io.spate.replication.IsrOptions;
import io.spate.replication.LeaderReplicaState;
import java.util.Set;

/**
 * Whether a partition's replica leads, in which epoch, and — when it leads a replicated partition —
 * what its followers hold ({@link LeaderReplicaState}). A single node's replica leads in epoch 0
 * with no followers. Confined to the partition writer's context.
 */
final class LeaderRole {
    private final TopicPartition tp;
    private boolean leader;
    private int epoch;
    private LeaderReplicaState replication; // null: a single node, or a follower
    private PartitionWriter.IsrProposer proposer = PartitionWriter.IsrProposer.NONE;

    LeaderRole(TopicPartition tp, boolean leads) {
        this.tp = tp;
        this.leader = leads;
    }

    boolean leads() {
        return leader;
    }

    int epoch() {
        return epoch;
    }

    int inSyncReplicas() {
        return replication == null ? 1 : replication.isr().size();
    }

    /**
     * Takes the partition's state from the cluster metadata (see {@link PartitionWriter#applyState}).
     *
     * @return whether this replica stopped leading (the acks it owed can no longer be answered)
     */
    boolean apply(io.spate.cluster.PartitionState s, int self, IsrOptions options, PartitionWriter.IsrProposer isr,
                  PartitionLog log) {
        boolean isLeader = s.leader() == self;
        boolean deposed = false;
        if (isLeader && (!leader || replication == null || s.leaderEpoch() != epoch)) {
            if (s.leaderEpoch() > log.leaderEpochCache().latestEpoch()) {
                log.leaderEpochCache().assign(s.leaderEpoch(), log.logEndOffset());
            }
            replication = new LeaderReplicaState(self, s.leaderEpoch(), s.replicas(), Set.copyOf(s.isr()),
                    log.logEndOffset(), log.highWatermark(), options, System::currentTimeMillis);
        } else if (isLeader) {
            replication.updateReplicas(s.replicas(), Set.copyOf(s.isr()));
        } else if (leader || replication != null) {
            replication = null;
            deposed = true;
        }
        proposer = isLeader ? isr : PartitionWriter.IsrProposer.NONE;
        leader = isLeader;
        epoch = s.leaderEpoch();
        return deposed;
    }

    void appended(long logEndOffset) {
        if (replication != null) {
            replication.onLeaderAppend(logEndOffset);
        }
    }

    boolean replicated() {
        return replication != null;
    }

    /** What is committed given what is {@code durable} here: also held by every in-sync replica. */
    long committed(long durable) {
        return replication == null ? durable : Math.min(durable, replication.highWatermark());
    }

    /** The answer to an acks=all write ending at {@code end} that is durable here: null = keep waiting. */
    AppendResult verdict(long end, AppendResult ok) {
        if (replication == null) {
            return ok;
        }
        AckStatus status = replication.ackStatus(end);
        return status == AckStatus.WAITING ? null : status == AckStatus.ACKNOWLEDGED ? ok
                : AppendResult.failed(status.error(), tp + ": the ISR shrank below min.insync.replicas");
    }

    /**
     * A follower's fetch at {@code offset} (its log end) while the leader's log ends at {@code end}:
     * null when it may read, else why not. Records the follower's progress and proposes its return
     * to the ISR when it caught up; {@code committedMoved} runs when the high watermark advanced.
     */
    PartitionRead replicaFetch(int replicaId, int currentLeaderEpoch, long offset, long start, long end,
                               Runnable committedMoved) {
        if (!leader || replication == null) {
            return PartitionRead.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, notLeader(), -1, -1);
        }
        if (currentLeaderEpoch != FetchPosition.UNKNOWN_EPOCH && currentLeaderEpoch != epoch) {
            return PartitionRead.failed(currentLeaderEpoch < epoch ? ErrorCode.FENCED_LEADER_EPOCH
                    : ErrorCode.UNKNOWN_LEADER_EPOCH, tp + " is led in epoch " + epoch + ", the follower asked "
                    + currentLeaderEpoch, -1, -1);
        }
        if (offset < start || offset > end) {
            return null; // answered OFFSET_OUT_OF_RANGE by the read
        }
        try {
            if (replication.onFollowerFetch(replicaId, offset, end)) {
                committedMoved.run();
            }
        } catch (IllegalArgumentException e) {
            return PartitionRead.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, e.getMessage(), -1, -1);
        }
        if (!replication.followersToAdd().isEmpty()) {
            proposer.propose(tp, epoch, replication.proposedIsr());
        }
        return null;
    }

    /** Proposes dropping followers that fell behind for longer than replica.lag.time.max.ms. */
    void checkIsr() {
        if (replication != null && !replication.followersToDrop().isEmpty()) {
            proposer.propose(tp, epoch, replication.proposedIsr());
        }
    }

    String notLeader() {
        return "this node is not the leader of " + tp + " (epoch " + epoch + ")";
    }
}
