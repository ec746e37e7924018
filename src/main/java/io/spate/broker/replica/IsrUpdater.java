package io.spate.broker.replica;

import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.TopicPartition;
import io.spate.replication.IsrProposer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * A leader's ISR changes (a follower fell behind, or caught up) written to the cluster's metadata
 * by compare-and-set, only while the image still says this node leads the partition in the same
 * epoch: a deposed or isolated leader changes nothing (an isolated one cannot reach a majority at
 * all). Only the members the leader asked to add or drop change, in the ISR the image holds by then:
 * a leader that has not applied the controller's latest change yet cannot undo it, say bring back a
 * node the controller took out because it left the cluster. And a node that is not live here is
 * never added (as Kafka's controller refuses to add a fenced broker, KIP-841); it rejoins once live
 * and fetching again. The new ISR reaches the partition like any metadata change. One change per
 * partition is in flight at a time; later proposals wait for the next check.
 */
public final class IsrUpdater implements IsrProposer {
    private static final System.Logger LOG = System.getLogger(IsrUpdater.class.getName());

    private final ClusterMetadata metadata;
    private final int self;
    private final IntPredicate live;
    private final Set<TopicPartition> inFlight = ConcurrentHashMap.newKeySet();

    /** @param live whether a node is live now (a member that has registered) */
    public IsrUpdater(ClusterMetadata metadata, int self, IntPredicate live) {
        this.metadata = metadata;
        this.self = self;
        this.live = live;
    }

    @Override
    public void propose(TopicPartition tp, int leaderEpoch, Set<Integer> isr, Set<Integer> proposed) {
        if (!inFlight.add(tp)) {
            return;
        }
        metadata.update(img -> withIsr(img, tp, leaderEpoch, isr, proposed))
                .onComplete(ar -> {
                    inFlight.remove(tp);
                    if (ar.failed()) {
                        LOG.log(System.Logger.Level.WARNING, "ISR change of " + tp + " from " + isr + " to " + proposed
                                + " not written: " + ar.cause().getMessage());
                    }
                });
    }

    private MetadataImage withIsr(MetadataImage img, TopicPartition tp, int leaderEpoch, Set<Integer> isr,
                                  Set<Integer> proposed) {
        TopicState t = img.topic(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return img;
        }
        PartitionState p = t.partitions().get(tp.partition());
        if (p.leader() != self || p.leaderEpoch() != leaderEpoch) {
            return img;
        }
        List<Integer> next = new ArrayList<>();
        for (int r : p.replicas()) {
            boolean kept = p.isr().contains(r) && (proposed.contains(r) || !isr.contains(r));
            boolean added = !p.isr().contains(r) && proposed.contains(r) && !isr.contains(r) && live.test(r);
            if (kept || added) {
                next.add(r);
            }
        }
        if (Set.copyOf(next).equals(Set.copyOf(p.isr()))) {
            return img;
        }
        List<PartitionState> ps = new ArrayList<>(t.partitions());
        ps.set(tp.partition(), p.withIsr(next));
        return img.withTopic(t.withPartitions(ps));
    }
}
