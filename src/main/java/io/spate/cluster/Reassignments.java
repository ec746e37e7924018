package io.spate.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moving a partition's replicas to other nodes while it stays online, as pure functions of its
 * state (Kafka's KIP-455 rules, as its KRaft controller applies them):
 * <ol>
 *   <li><b>Start</b>: the partition's replicas become the target followed by the current replicas
 *       that are not in it ({@code removing}); the target replicas that are new ({@code adding})
 *       open an empty replica and fetch from the leader like any follower. Nothing else changes:
 *       leader, epoch and ISR stay, producers and consumers go on.</li>
 *   <li><b>Catch up</b>: the leader adds each new replica to the ISR once it has caught up, by
 *       the ordinary ISR rule.</li>
 *   <li><b>Complete</b>, as soon as every target replica is in the ISR: the replicas become the
 *       target, the ISR keeps only target replicas, and if the leader is being removed the first
 *       in-sync target replica leads in a new epoch. The removed nodes then delete their copy.
 *       Since every target replica held every committed record when it joined the ISR, nothing
 *       acknowledged is lost, and at no moment are fewer replicas in sync than before the move.</li>
 * </ol>
 * A new target for a partition already moving replaces the old one (the replicas still added
 * and not in the new target are removed again); {@link #cancel} goes back to the replicas the
 * partition had before the move.
 */
public final class Reassignments {
    private Reassignments() {
    }

    /** {@code p} on its way to {@code target} (distinct node ids, the first the preferred leader). */
    public static PartitionState start(PartitionState p, List<Integer> target) {
        List<Integer> original = original(p);
        if (target.equals(original) && !p.reassigning()) {
            return p;
        }
        List<Integer> removing = minus(p.replicas(), target);
        List<Integer> replicas = new ArrayList<>(target);
        replicas.addAll(removing);
        return new PartitionState(replicas, p.leader(), p.leaderEpoch(), p.isr(), minus(target, original), removing);
    }

    /** {@code p} moved to its target if every target replica is in sync, else {@code p} itself. */
    public static PartitionState complete(PartitionState p) {
        if (!p.reassigning()) {
            return p;
        }
        List<Integer> target = p.targetReplicas();
        if (!p.isr().containsAll(target)) {
            return p;
        }
        return settle(p, target);
    }

    /**
     * {@code p} back on the replicas it had before the move, at once; null when that is not safe
     * (none of them is in sync any more: only replicas being added hold the committed records).
     */
    public static PartitionState cancel(PartitionState p) {
        if (!p.reassigning()) {
            return p;
        }
        List<Integer> original = original(p);
        return original.stream().anyMatch(p.isr()::contains) ? settle(p, original) : null;
    }

    /** The replicas the partition had before the reassignment started. */
    public static List<Integer> original(PartitionState p) {
        return minus(p.replicas(), p.adding());
    }

    private static PartitionState settle(PartitionState p, List<Integer> replicas) {
        List<Integer> isr = replicas.stream().filter(p.isr()::contains).toList();
        if (p.leader() != PartitionState.NO_LEADER && replicas.contains(p.leader())) {
            return new PartitionState(replicas, p.leader(), p.leaderEpoch(), isr);
        }
        return new PartitionState(replicas, isr.get(0), p.leaderEpoch() + 1, isr);
    }

    /** The image with every reassignment whose target replicas are all in sync completed. */
    public static MetadataImage completeAll(MetadataImage image, Set<Integer> live) {
        return image.mapPartitions((t, p) -> complete(p));
    }

    /** Whether some reassignment in {@code image} can complete now. */
    public static boolean anyComplete(MetadataImage image) {
        for (TopicState t : image.topics().values()) {
            for (PartitionState p : t.partitions()) {
                if (complete(p) != p) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Integer> minus(List<Integer> from, List<Integer> drop) {
        return from.stream().filter(r -> !drop.contains(r)).toList();
    }
}
