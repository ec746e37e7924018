package io.spate.cluster;

import java.util.List;

/**
 * One partition as the controller sees it.
 *
 * @param replicas    the nodes holding a replica; the first is the preferred leader
 * @param leader      the node that leads now, or {@link #NO_LEADER}
 * @param leaderEpoch bumped on every leader change; every produce and replica fetch carries it
 * @param isr         the in-sync replicas (the leader is always one of them while it leads)
 */
public record PartitionState(List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr) {
    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** A new partition: the preferred leader leads in epoch 0 and every replica is in sync. */
    public static PartitionState initial(List<Integer> replicas) {
        return new PartitionState(replicas, replicas.get(0), 0, replicas);
    }

    public PartitionState withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionState(replicas, newLeader, leaderEpoch + 1, newIsr);
    }

    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(replicas, leader, leaderEpoch, newIsr);
    }
}
