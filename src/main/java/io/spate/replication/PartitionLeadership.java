package io.spate.replication;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Whether one partition replica leads, in which epoch, and what a leader of a replicated partition
 * knows of its followers ({@link LeaderReplicaState}): the one place that decides whether a write may
 * be appended and answered, and the only reader of {@code min.insync.replicas}, which it reads live
 * from the topic's current settings at each decision.
 *
 * <p>States and the allowed transitions:
 * <ul>
 * <li>{@link State#SOLE_LEADER}: a single node's replica, the only one of its partition; it leads in
 *     epoch 0 for its whole life and has no transitions. Its ISR is itself: what is durable here is
 *     committed, and an {@code acks=all} write is refused up front when min.insync.replicas exceeds 1.</li>
 * <li>{@link State#FOLLOWER}: a clustered node's replica that does not lead (where every replica
 *     starts). → REPLICATED_LEADER ({@link #transitionToReplicatedLeader}) when the metadata names it
 *     leader; → FOLLOWER ({@link #transitionToFollower}) on a new epoch led elsewhere.</li>
 * <li>{@link State#REPLICATED_LEADER}: leads a replicated partition in one epoch, tracking its
 *     followers. → REPLICATED_LEADER in a new epoch ({@link #transitionToReplicatedLeader}: re-elected,
 *     followers tracked anew); → FOLLOWER ({@link #transitionToFollower}: deposed, the acks it owed
 *     can no longer be answered). Replicas and ISR changing within the epoch are not a transition
 *     ({@link #updateReplicas}).</li>
 * </ul>
 * Any other move throws {@link IllegalStateException}.
 *
 * <p>Fencing (issue 15, metadata quorum only): a REPLICATED_LEADER is given a {@code fenced} check
 * with its epoch. While it answers true (this node lost the metadata quorum's lease, so the
 * majority may already have elected another leader in a higher epoch), the replica stays in its
 * state but refuses every write, whatever its acks, with NOT_LEADER_OR_FOLLOWER, and does not move
 * its high watermark; reads below the high watermark go on. When the check answers false again it
 * leads as before, until the metadata says otherwise. The check is not a state: the metadata,
 * not the lease, still decides who leads.
 *
 * <p>Not thread-safe: confined to the partition writer's context.
 */
public final class PartitionLeadership {
    /** The roles of a replica; see the class Javadoc for the transitions. */
    public enum State { FOLLOWER, SOLE_LEADER, REPLICATED_LEADER }

    /** A fetch's current leader epoch when the fetcher does not know it (Kafka's -1). */
    public static final int UNKNOWN_EPOCH = -1;

    /** Why a request is refused: its error code and a message naming the partition. */
    public record Refusal(ErrorCode error, String message) {
    }

    private final TopicPartition tp;
    private final IntSupplier minInsyncReplicas;
    private final LongSupplier clock;
    private State state;
    private int epoch;
    private LeaderReplicaState replicas; // REPLICATED_LEADER only
    private IsrProposer proposer = IsrProposer.NONE;
    private BooleanSupplier fenced = NEVER_FENCED; // REPLICATED_LEADER only

    /** The fence of a leader that is never fenced (single node, Hazelcast metadata). */
    public static final BooleanSupplier NEVER_FENCED = () -> false;

    private PartitionLeadership(TopicPartition tp, State state, IntSupplier minInsyncReplicas, LongSupplier clock) {
        this.tp = tp;
        this.state = state;
        this.minInsyncReplicas = minInsyncReplicas;
        this.clock = clock;
    }

    /** A single node's replica: the sole leader of its partition, in epoch 0. */
    public static PartitionLeadership soleLeader(TopicPartition tp, IntSupplier minInsyncReplicas) {
        return new PartitionLeadership(tp, State.SOLE_LEADER, minInsyncReplicas, () -> 0L);
    }

    /** A clustered node's replica, a follower until the metadata says it leads. */
    public static PartitionLeadership follower(TopicPartition tp, IntSupplier minInsyncReplicas, LongSupplier clock) {
        return new PartitionLeadership(tp, State.FOLLOWER, minInsyncReplicas, clock);
    }

    public State state() {
        return state;
    }

    public boolean leads() {
        return state != State.FOLLOWER;
    }

    /** The leader epoch last applied (0 for a sole leader). */
    public int epoch() {
        return epoch;
    }

    /**
     * FOLLOWER or REPLICATED_LEADER → REPLICATED_LEADER in {@code newEpoch}: the followers are tracked
     * anew from this replica's log end, the ISR members counting as caught up now.
     *
     * @param logEndOffset  where this epoch starts in the log
     * @param highWatermark the log's high watermark now
     */
    public void transitionToReplicatedLeader(int newEpoch, int self, List<Integer> replicaIds, Set<Integer> isr,
                                             long logEndOffset, long highWatermark, IsrOptions options,
                                             IsrProposer isrProposer) {
        transitionToReplicatedLeader(newEpoch, self, replicaIds, isr, logEndOffset, highWatermark, options,
                isrProposer, NEVER_FENCED);
    }

    /**
     * As {@link #transitionToReplicatedLeader(int, int, List, Set, long, long, IsrOptions, IsrProposer)},
     * leading only while {@code fence} answers false (see the class comment); it is read at every
     * write and commit, on this replica's context, so it must be cheap (a volatile read).
     */
    public void transitionToReplicatedLeader(int newEpoch, int self, List<Integer> replicaIds, Set<Integer> isr,
                                             long logEndOffset, long highWatermark, IsrOptions options,
                                             IsrProposer isrProposer, BooleanSupplier fence) {
        if (state == State.SOLE_LEADER) {
            throw new IllegalStateException(tp + ": a sole leader never becomes a replicated leader");
        }
        if (state == State.REPLICATED_LEADER && newEpoch == epoch) {
            throw new IllegalStateException(tp + " already leads epoch " + epoch);
        }
        // a fenced leader commits nothing new: a leader the majority elected may already have truncated it
        replicas = new LeaderReplicaState(self, newEpoch, replicaIds, isr, logEndOffset, highWatermark, options,
                minInsyncReplicas, clock, fence);
        proposer = isrProposer;
        fenced = java.util.Objects.requireNonNull(fence, "fence");
        epoch = newEpoch;
        state = State.REPLICATED_LEADER;
    }

    /** The replicas and ISR the metadata holds in the current epoch of a REPLICATED_LEADER. */
    public void updateReplicas(List<Integer> replicaIds, Set<Integer> isr) {
        if (state != State.REPLICATED_LEADER) {
            throw new IllegalStateException(tp + " is " + state + ", not a replicated leader");
        }
        replicas.updateReplicas(replicaIds, isr);
    }

    /**
     * FOLLOWER or REPLICATED_LEADER → FOLLOWER of {@code newEpoch}'s leader.
     *
     * @return whether this replica stopped leading (the acks it owed can no longer be answered)
     */
    public boolean transitionToFollower(int newEpoch) {
        if (state == State.SOLE_LEADER) {
            throw new IllegalStateException(tp + ": a sole leader never becomes a follower");
        }
        boolean deposed = state == State.REPLICATED_LEADER;
        state = State.FOLLOWER;
        replicas = null;
        proposer = IsrProposer.NONE;
        fenced = NEVER_FENCED;
        epoch = newEpoch;
        return deposed;
    }

    /** Why a write with these {@code acks} may not be appended now, or null when it may. */
    public Refusal refuseAppend(short acks) {
        if (state == State.FOLLOWER) {
            return new Refusal(ErrorCode.NOT_LEADER_OR_FOLLOWER, notLeader());
        }
        if (isFenced()) {
            return new Refusal(ErrorCode.NOT_LEADER_OR_FOLLOWER, fencedMessage());
        }
        if (acks != -1) {
            return null;
        }
        boolean enough = state == State.SOLE_LEADER ? minInsyncReplicas.getAsInt() <= 1
                : replicas.checkEnoughReplicas() == ErrorCode.NONE;
        return enough ? null : new Refusal(ErrorCode.NOT_ENOUGH_REPLICAS, tp + " has "
                + (state == State.SOLE_LEADER ? 1 : replicas.isr().size()) + " in-sync replicas, min.insync.replicas is "
                + minInsyncReplicas.getAsInt());
    }

    /** This replica's log now ends at {@code logEndOffset} (after an append as leader). */
    public void appended(long logEndOffset) {
        if (replicas != null) {
            replicas.onLeaderAppend(logEndOffset);
        }
    }

    /**
     * What is committed given what is {@code durable} here: for a sole leader that much; for a
     * replicated leader also held by every in-sync replica, with an ISR of at least
     * min.insync.replicas (re-checked now, so a changed setting counts at once).
     */
    public long committed(long durable) {
        if (replicas == null) {
            return durable;
        }
        replicas.maybeAdvanceHighWatermark();
        return Math.min(durable, replicas.highWatermark());
    }

    /** Where an acks=all write ending at {@code endOffset} (exclusive) that is durable here stands. */
    public AckStatus ackStatus(long endOffset) {
        return replicas == null ? AckStatus.ACKNOWLEDGED : replicas.ackStatus(endOffset);
    }

    /**
     * A follower's fetch at {@code offset} (its log end), reporting its log start {@code logStart}
     * ({@link LeaderReplicaState#UNKNOWN_OFFSET} if it does not), while the leader's log spans
     * [{@code start}, {@code end}]: null when it may read, else why not. Records the follower's
     * progress and proposes its return to the ISR once it caught up; {@code committedMoved} runs when
     * the high watermark may have advanced or acks waiting on it may be decided.
     */
    public Refusal onReplicaFetch(int replicaId, int currentLeaderEpoch, long offset, long logStart, long start,
                                  long end, Runnable committedMoved) {
        if (state != State.REPLICATED_LEADER) {
            return new Refusal(ErrorCode.NOT_LEADER_OR_FOLLOWER, notLeader());
        }
        if (currentLeaderEpoch != UNKNOWN_EPOCH && currentLeaderEpoch != epoch) {
            return new Refusal(currentLeaderEpoch < epoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH,
                    tp + " is led in epoch " + epoch + ", the follower asked " + currentLeaderEpoch);
        }
        if (offset < start || offset > end) {
            return null; // answered OFFSET_OUT_OF_RANGE by the read
        }
        try {
            replicas.onFollowerLogStart(replicaId, logStart);
            if (replicas.onFollowerFetch(replicaId, offset, end)) {
                committedMoved.run();
            }
        } catch (IllegalArgumentException e) {
            return new Refusal(ErrorCode.NOT_LEADER_OR_FOLLOWER, e.getMessage());
        }
        if (!replicas.followersToAdd().isEmpty()) {
            proposer.propose(tp, epoch, replicas.isr(), replicas.proposedIsr());
        }
        return null;
    }

    /**
     * The partition's low watermark given the leader's {@code logStart}: that for a sole leader; for
     * a replicated leader also at most every follower's on a node {@code live} accepts, unknown
     * ({@link LeaderReplicaState#UNKNOWN_OFFSET}) while such a follower has not reported one (see
     * {@link LeaderReplicaState#lowWatermark}).
     *
     * @throws IllegalStateException on a follower
     */
    public long lowWatermark(long logStart, IntPredicate live) {
        if (state == State.FOLLOWER) {
            throw new IllegalStateException(notLeader());
        }
        return replicas == null ? logStart : replicas.lowWatermark(logStart, live);
    }

    /** Proposes dropping followers that fell behind for longer than replica.lag.time.max.ms. */
    public void checkIsr() {
        if (replicas != null && !replicas.followersToDrop().isEmpty()) {
            proposer.propose(tp, epoch, replicas.isr(), replicas.proposedIsr());
        }
    }

    /** Whether this replica leads a replicated partition but is fenced now (see the class comment). */
    public boolean isFenced() {
        return state == State.REPLICATED_LEADER && fenced.getAsBoolean();
    }

    private String fencedMessage() {
        return "this node lost the metadata quorum's lease and is fenced: it may no longer be the leader of " + tp
                + " (epoch " + epoch + "); refresh the metadata";
    }

    /** The message of a NOT_LEADER_OR_FOLLOWER answer. */
    public String notLeader() {
        return "this node is not the leader of " + tp + " (epoch " + epoch + ")";
    }

}
