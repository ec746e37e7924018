package io.spate.cluster;

import io.spate.log.LogConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The controller's decisions about partition leaders and in-sync replicas, as pure functions of
 * an image and the live nodes (Kafka KRaft's rules):
 * <ul>
 *   <li>A node that is not live leaves every ISR at once, except that an ISR is never emptied:
 *       when its last member dies it stays, so that this replica, which has every acknowledged
 *       record, can come back as leader.</li>
 *   <li>A partition whose leader is not live gets the first live replica (in replica order) that
 *       is in the ISR, with a new leader epoch. None: it has no leader (offline) until an ISR
 *       member returns, unless the topic allows unclean election
 *       ({@code unclean.leader.election.enable}): then the first live replica leads and the ISR
 *       is just that replica; records acknowledged only by the others may be lost.</li>
 *   <li>The preferred leader (first replica) takes leadership back once it is live and in sync.</li>
 * </ul>
 */
public final class LeaderElection {

    private LeaderElection() {
    }

    /** The image after {@code live} changed: ISRs shrunk to live nodes, leaderless partitions led again. */
    public static MetadataImage onLiveNodes(MetadataImage image, Set<Integer> live) {
        return image.mapPartitions((t, p) -> afterLiveChange(p, live, unclean(t)));
    }

    /** The image with every partition led by its preferred replica where that one is live and in sync. */
    public static MetadataImage preferredLeaders(MetadataImage image, Set<Integer> live) {
        return image.mapPartitions((t, p) -> preferredLeader(p, live));
    }

    /**
     * {@code p} led by its preferred replica (the first) with a new leader epoch and the same ISR, if
     * that replica does not lead it yet and is live and in sync; otherwise {@code p} itself. The one
     * rule for the controller's periodic check and for an election asked for (Kafka's ElectLeaders).
     */
    public static PartitionState preferredLeader(PartitionState p, Set<Integer> live) {
        int preferred = p.replicas().get(0);
        return p.leader() != preferred && live.contains(preferred) && p.isr().contains(preferred)
                ? p.withLeader(preferred, p.isr()) : p;
    }

    static PartitionState afterLiveChange(PartitionState p, Set<Integer> live, boolean unclean) {
        List<Integer> liveIsr = filter(p.isr(), live::contains);
        if (p.leader() != PartitionState.NO_LEADER && live.contains(p.leader())) {
            return liveIsr.equals(p.isr()) ? p : p.withIsr(liveIsr);
        }
        for (int r : p.replicas()) {
            if (liveIsr.contains(r)) {
                return p.withLeader(r, liveIsr);
            }
        }
        if (unclean) {
            for (int r : p.replicas()) {
                if (live.contains(r)) {
                    return p.withLeader(r, List.of(r));
                }
            }
        }
        // offline: keep the ISR (its members hold every acknowledged record) unless it already says so
        if (p.leader() == PartitionState.NO_LEADER) {
            return p;
        }
        return p.withLeader(PartitionState.NO_LEADER, p.isr());
    }

    private static boolean unclean(TopicState t) {
        return Boolean.parseBoolean(t.configs().getOrDefault(LogConfig.UNCLEAN_LEADER_ELECTION_ENABLE,
                String.valueOf(LogConfig.DEFAULT_UNCLEAN_LEADER_ELECTION_ENABLE)));
    }

    private static List<Integer> filter(List<Integer> nodes, Predicate<Integer> keep) {
        List<Integer> out = new ArrayList<>(nodes.size());
        for (int n : nodes) {
            if (keep.test(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }
}
