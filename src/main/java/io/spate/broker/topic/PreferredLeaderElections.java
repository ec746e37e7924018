package io.spate.broker.topic;

import io.spate.broker.core.ElectionOutcome;
import io.spate.cluster.LeaderElection;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An election of preferred leaders asked for (Kafka's ElectLeaders, PREFERRED), worked out on one
 * metadata image as a pure function: each asked partition's outcome, and the next image, in which
 * every partition answered NONE is led by its preferred replica by the controller's own rule
 * ({@link LeaderElection#preferredLeader}: live and in sync, a new leader epoch, the ISR kept). The
 * caller commits {@link #image()} in one compare-and-set; when nothing is elected it is the image
 * given, which needs no commit.
 *
 * @param outcomes one per asked partition, in the order asked (all partitions: by topic, then partition)
 * @param image    the image with the elected leaders, or the given image when none is elected
 */
record PreferredLeaderElections(Map<TopicPartition, ElectionOutcome> outcomes, MetadataImage image) {

    /** The elections of {@code asked} (every partition of {@code image} when null) while {@code live} are live. */
    static PreferredLeaderElections on(MetadataImage image, Set<Integer> live, Set<TopicPartition> asked) {
        Map<TopicPartition, ElectionOutcome> outcomes = new LinkedHashMap<>();
        Map<String, List<PartitionState>> changed = new TreeMap<>();
        for (TopicPartition tp : asked == null ? every(image) : asked) {
            TopicState t = image.topic(tp.topic());
            if (t == null || tp.partition() < 0 || tp.partition() >= t.partitions().size()) {
                outcomes.put(tp, ElectionOutcome.unknown(tp, t != null));
                continue;
            }
            PartitionState p = t.partitions().get(tp.partition());
            PartitionState elected = LeaderElection.preferredLeader(p, live);
            if (elected != p) {
                changed.computeIfAbsent(tp.topic(), n -> new ArrayList<>(t.partitions())).set(tp.partition(), elected);
                outcomes.put(tp, ElectionOutcome.ELECTED);
            } else {
                outcomes.put(tp, notElected(tp, p, live));
            }
        }
        MetadataImage next = changed.isEmpty() ? image : image.next(m -> {
            changed.forEach((name, ps) -> m.put(name, m.get(name).withPartitions(ps)));
            return m;
        });
        return new PreferredLeaderElections(Collections.unmodifiableMap(outcomes), next);
    }

    /** Why {@link LeaderElection#preferredLeader} left {@code p} as it is. */
    private static ElectionOutcome notElected(TopicPartition tp, PartitionState p, Set<Integer> live) {
        int preferred = p.replicas().get(0);
        if (p.leader() == preferred) {
            return ElectionOutcome.NOT_NEEDED;
        }
        String why = !live.contains(preferred) ? "preferred replica " + preferred + " is not live"
                : "preferred replica " + preferred + " is not in sync (ISR " + p.isr() + ")";
        return new ElectionOutcome(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, tp + ": " + why + "; leader stays "
                + (p.leader() == PartitionState.NO_LEADER ? "none" : String.valueOf(p.leader())));
    }

    private static List<TopicPartition> every(MetadataImage image) {
        List<TopicPartition> all = new ArrayList<>();
        image.topics().forEach((name, t) -> {
            for (int p = 0; p < t.partitions().size(); p++) {
                all.add(new TopicPartition(name, p));
            }
        });
        return all;
    }
}
