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

/**
 * A leader's ISR changes (a follower fell behind, or caught up) written to the cluster's metadata
 * by compare-and-set, only while the image still says this node leads the partition in the same
 * epoch: a deposed or isolated leader changes nothing (an isolated one cannot reach a majority at
 * all). The new ISR reaches the partition like any metadata change. One change per partition is in
 * flight at a time; later proposals wait for the next check.
 */
public final class IsrUpdater implements IsrProposer {
    private static final System.Logger LOG = System.getLogger(IsrUpdater.class.getName());

    private final ClusterMetadata metadata;
    private final int self;
    private final Set<TopicPartition> inFlight = ConcurrentHashMap.newKeySet();

    public IsrUpdater(ClusterMetadata metadata, int self) {
        this.metadata = metadata;
        this.self = self;
    }

    @Override
    public void propose(TopicPartition tp, int leaderEpoch, Set<Integer> isr) {
        if (!inFlight.add(tp)) {
            return;
        }
        metadata.update(img -> withIsr(img, tp, leaderEpoch, isr))
                .onComplete(ar -> {
                    inFlight.remove(tp);
                    if (ar.failed()) {
                        LOG.log(System.Logger.Level.WARNING, "ISR change of " + tp + " to " + isr + " not written: "
                                + ar.cause().getMessage());
                    }
                });
    }

    private MetadataImage withIsr(MetadataImage img, TopicPartition tp, int leaderEpoch, Set<Integer> isr) {
        TopicState t = img.topic(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return img;
        }
        PartitionState p = t.partitions().get(tp.partition());
        if (p.leader() != self || p.leaderEpoch() != leaderEpoch || Set.copyOf(p.isr()).equals(isr)) {
            return img;
        }
        List<Integer> ordered = new ArrayList<>();
        p.replicas().forEach(r -> {
            if (isr.contains(r)) {
                ordered.add(r);
            }
        });
        List<PartitionState> ps = new ArrayList<>(t.partitions());
        ps.set(tp.partition(), p.withIsr(ordered));
        return img.withTopic(new TopicState(t.name(), t.configs(), ps));
    }
}
