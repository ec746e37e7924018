package io.spate.client;

import java.util.List;

/**
 * A partition on the move between nodes.
 *
 * @param replicas the nodes holding a replica now: the target list, then the replicas being removed
 * @param adding   target replicas that are new (catching up from the leader)
 * @param removing replicas dropped once every target replica is in sync
 */
public record PartitionReassignment(List<Integer> replicas, List<Integer> adding, List<Integer> removing) {
    public PartitionReassignment {
        replicas = List.copyOf(replicas);
        adding = List.copyOf(adding);
        removing = List.copyOf(removing);
    }

    /** The replicas the partition will have once the move completes. */
    public List<Integer> target() {
        return replicas.stream().filter(r -> !removing.contains(r)).toList();
    }
}
