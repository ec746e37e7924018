package io.spate.broker;

import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.group.GroupCoordinator;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a clustered node hold what the cluster's metadata says it holds: it opens the replicas
 * assigned to it, grows and reconfigures them, drops the topics that were deleted, tells every
 * replica whether it leads and in which epoch, and has the group coordinator load the partitions
 * of the offsets topic this node leads (and unload those it no longer leads).
 *
 * <p>Threading: each image is applied on the topic manager's admin context, after the previous
 * one, so images are applied in the order they were seen.
 */
final class ClusterTopicSync {
    private static final System.Logger LOG = System.getLogger(ClusterTopicSync.class.getName());

    private final TopicManager topics;
    private final int self;
    private GroupCoordinator groups; // admin context
    private final Set<Integer> ledOffsetsPartitions = new HashSet<>(); // admin context

    ClusterTopicSync(TopicManager topics, int self) {
        this.topics = topics;
        this.self = self;
    }

    /** What the topic manager opens at start: the replicas {@code self} holds in {@code image}. */
    static List<TopicMetadata> catalogue(MetadataImage image, int self) {
        List<TopicMetadata> out = new ArrayList<>();
        image.replicasOf(self).forEach((name, parts) -> {
            TopicState t = image.topic(name);
            out.add(new TopicMetadata(name, t.partitions().size(), t.configs(), parts));
        });
        return out;
    }

    /** From now on, offsets partitions this node leads are loaded into {@code coordinator}. */
    Future<Void> attach(GroupCoordinator coordinator, MetadataImage image) {
        return topics.serialized(() -> {
            groups = coordinator;
            return moveGroups(image);
        });
    }

    Future<Void> apply(MetadataImage image) {
        return topics.serialized(() -> {
            Map<String, List<Integer>> mine = image.replicasOf(self);
            List<TopicMetadata> open = new ArrayList<>();
            Map<String, Integer> grow = new LinkedHashMap<>();
            Map<String, Map<String, String>> reconfigure = new LinkedHashMap<>();
            List<String> drop = new ArrayList<>();
            for (Topic local : topics.topics()) {
                if (image.topic(local.name()) == null) {
                    drop.add(local.name());
                }
            }
            mine.forEach((name, parts) -> {
                TopicState t = image.topic(name);
                Topic local = topics.topic(name);
                if (local == null) {
                    open.add(new TopicMetadata(name, t.partitions().size(), t.configs(), parts));
                    return;
                }
                if (t.partitions().size() > local.partitions().size()) {
                    grow.put(name, t.partitions().size());
                }
                if (!t.configs().equals(local.metadata().configs())) {
                    reconfigure.put(name, t.configs());
                }
            });
            return topics.dropAll(drop)
                    .compose(v -> topics.openAll(open))
                    .compose(v -> topics.growAll(grow, (n, p) -> image.topic(n).partitions().get(p).replicas().contains(self)))
                    .compose(v -> topics.reconfigureAll(reconfigure))
                    .compose(v -> lead(image))
                    .compose(v -> moveGroups(image))
                    .onFailure(err -> LOG.log(System.Logger.Level.ERROR, "cannot apply metadata epoch " + image.epoch(), err));
        });
    }

    private Future<Void> lead(MetadataImage image) {
        List<Future<Void>> all = new ArrayList<>();
        for (Topic local : topics.topics()) {
            TopicState t = image.topic(local.name());
            for (int p = 0; p < local.partitions().size() && p < t.partitions().size(); p++) {
                PartitionWriter w = local.partition(p);
                if (w != null) {
                    PartitionState s = t.partitions().get(p);
                    all.add(w.lead(s.leader() == self, s.leaderEpoch()));
                }
            }
        }
        return Future.join(all).mapEmpty();
    }

    private Future<Void> moveGroups(MetadataImage image) {
        if (groups == null) {
            return Future.succeededFuture();
        }
        TopicState offsets = image.topic(TopicNames.CONSUMER_OFFSETS);
        Set<Integer> led = new HashSet<>();
        if (offsets != null) {
            for (int p = 0; p < offsets.partitions().size(); p++) {
                if (offsets.partitions().get(p).leader() == self) {
                    led.add(p);
                }
            }
        }
        List<Future<Void>> moves = new ArrayList<>();
        for (int p : led) {
            if (ledOffsetsPartitions.add(p)) {
                moves.add(groups.loadPartition(p));
            }
        }
        for (int p : new ArrayList<>(ledOffsetsPartitions)) {
            if (!led.contains(p)) {
                ledOffsetsPartitions.remove(p);
                moves.add(groups.unloadPartition(p));
            }
        }
        return Future.join(moves).mapEmpty();
    }
}
