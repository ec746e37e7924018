package io.spate.cluster;

import java.util.List;

/**
 * One partition as the controller sees it.
 *
 * <p>While a reassignment moves the partition (see {@link Reassignments}), {@code replicas} is the
 * target replica list followed by the replicas being removed, as in Kafka's KRaft partition
 * records: every node listed holds a replica until the move completes.
 *
 * @param replicas    the nodes holding a replica; the first is the preferred leader
 * @param leader      the node that leads now, or {@link #NO_LEADER}
 * @param leaderEpoch bumped on every leader change; every produce and replica fetch carries it
 * @param isr         the in-sync replicas (the leader is always one of them while it leads)
 * @param adding      replicas a reassignment adds (in {@code replicas}, catching up); empty when none runs
 * @param removing    replicas a reassignment removes once every target replica is in sync
 */
public record PartitionState(List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr,
                             List<Integer> adding, List<Integer> removing) {
    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        adding = adding == null ? List.of() : List.copyOf(adding);     // absent in images written before reassignments
        removing = removing == null ? List.of() : List.copyOf(removing);
    }

    /** A partition that is not being reassigned. */
    public PartitionState(List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr) {
        this(replicas, leader, leaderEpoch, isr, List.of(), List.of());
    }

    /** A new partition: the preferred leader leads in epoch 0 and every replica is in sync. */
    public static PartitionState initial(List<Integer> replicas) {
        return new PartitionState(replicas, replicas.get(0), 0, replicas);
    }

    public PartitionState withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionState(replicas, newLeader, leaderEpoch + 1, newIsr, adding, removing);
    }

    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(replicas, leader, leaderEpoch, newIsr, adding, removing);
    }

    /** A reassignment is moving this partition. */
    public boolean reassigning() {
        return !adding.isEmpty() || !removing.isEmpty();
    }

    /** The replicas this partition will have when no reassignment runs: {@code replicas} less {@code removing}. */
    public List<Integer> targetReplicas() {
        return removing.isEmpty() ? replicas : replicas.stream().filter(r -> !removing.contains(r)).toList();
    }
}
