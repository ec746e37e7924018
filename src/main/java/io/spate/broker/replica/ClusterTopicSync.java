package io.spate.broker.replica;

import io.spate.broker.core.PartitionWriter;
import io.spate.broker.core.Topic;
import io.spate.broker.core.TopicManager;
import io.spate.broker.core.TopicMetadata;
import io.spate.broker.core.TopicNames;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.group.GroupCoordinator;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.replication.IsrOptions;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a clustered node hold what the cluster's metadata says it holds: it opens the replicas
 * assigned to it (new topics and partitions, replicas moved here), grows and reconfigures them,
 * drops the topics that were deleted and the replicas that moved to other nodes, tells every
 * replica whether it leads and in which epoch, and has the group coordinator load the partitions
 * of the offsets topic this node leads (and unload those it no longer leads), and the transaction
 * coordinator those of {@code __transaction_state} (at their leader epoch: a new epoch reloads).
 *
 * <p>Threading: each image is applied on the topic manager's admin context, after the previous
 * one, so images are applied in the order they were seen.
 */
public final class ClusterTopicSync {
    private static final System.Logger LOG = System.getLogger(ClusterTopicSync.class.getName());

    private final TopicManager topics;
    private final int self;
    private final java.util.function.IntFunction<io.spate.cluster.NodeRecord> liveNode;
    private final ReplicaManager replicas;
    private final IsrUpdater isrUpdater;
    private final long replicaLagTimeMaxMs;
    private final java.util.function.BooleanSupplier fenced;
    private GroupCoordinator groups; // admin context
    private final Set<Integer> ledOffsetsPartitions = new HashSet<>(); // admin context
    private io.spate.txn.TransactionCoordinator transactions; // admin context
    private final Map<Integer, Integer> ledTxnPartitions = new java.util.HashMap<>(); // admin context: partition -> epoch
    private MetadataImage applied = MetadataImage.EMPTY; // admin context: the last image applied

    /** @param liveNode a live node by id (null if not live), where followers fetch from */
    public ClusterTopicSync(TopicManager topics, int self, java.util.function.IntFunction<io.spate.cluster.NodeRecord> liveNode,
                     ReplicaManager replicas, IsrUpdater isrUpdater, long replicaLagTimeMaxMs) {
        this(topics, self, liveNode, replicas, isrUpdater, replicaLagTimeMaxMs,
                io.spate.replication.PartitionLeadership.NEVER_FENCED);
    }

    /**
     * @param fenced whether this node is fenced now (it lost the metadata quorum's lease): every
     *               partition it leads refuses writes meanwhile; a volatile read, asked at every write
     */
    public ClusterTopicSync(TopicManager topics, int self, java.util.function.IntFunction<io.spate.cluster.NodeRecord> liveNode,
                     ReplicaManager replicas, IsrUpdater isrUpdater, long replicaLagTimeMaxMs,
                     java.util.function.BooleanSupplier fenced) {
        this.fenced = java.util.Objects.requireNonNull(fenced, "fenced");
        this.topics = topics;
        this.self = self;
        this.liveNode = liveNode;
        this.replicas = replicas;
        this.isrUpdater = isrUpdater;
        this.replicaLagTimeMaxMs = replicaLagTimeMaxMs;
    }

    /** What the topic manager opens at start: the replicas {@code self} holds in {@code image}. */
    public static List<TopicMetadata> catalogue(MetadataImage image, int self) {
        List<TopicMetadata> out = new ArrayList<>();
        image.replicasOf(self).forEach((name, parts) -> {
            TopicState t = image.topic(name);
            out.add(new TopicMetadata(name, null, t.partitions().size(), t.configs(), parts)); // ids: in the image
        });
        return out;
    }

    /** From now on, offsets partitions this node leads are loaded into {@code coordinator}. */
    public Future<Void> attach(GroupCoordinator coordinator) {
        return topics.serialized(() -> {
            groups = coordinator;
            return moveGroups(applied);
        });
    }

    /** From now on, {@code __transaction_state} partitions this node leads are loaded into {@code coordinator}. */
    public Future<Void> attach(io.spate.txn.TransactionCoordinator coordinator) {
        return topics.serialized(() -> {
            transactions = coordinator;
            return moveTransactions(applied);
        });
    }

    public Future<Void> apply(MetadataImage image) {
        return topics.serialized(() -> {
            Map<String, List<Integer>> mine = image.replicasOf(self);
            List<TopicMetadata> open = new ArrayList<>();
            Map<String, Integer> reshape = new LinkedHashMap<>();
            Map<String, Map<String, String>> reconfigure = new LinkedHashMap<>();
            List<String> deleted = new ArrayList<>();
            List<String> movedAway = new ArrayList<>();
            List<TopicPartition> leaving = new ArrayList<>();
            for (Topic local : topics.topics()) {
                TopicState t = image.topic(local.name());
                (t == null ? deleted : movedAway).add(local.name());
                List<Integer> held = mine.getOrDefault(local.name(), List.of());
                for (int p = 0; p < local.partitions().size(); p++) {
                    if (local.partition(p) != null && (t == null || !held.contains(p))) {
                        leaving.add(new TopicPartition(local.name(), p));
                    }
                }
            }
            mine.forEach((name, parts) -> {
                TopicState t = image.topic(name);
                Topic local = topics.topic(name);
                if (local == null) {
                    open.add(new TopicMetadata(name, null, t.partitions().size(), t.configs(), parts)); // ids: in the image
                    return;
                }
                movedAway.remove(name);
                if (t.partitions().size() > local.partitions().size() || !parts.equals(local.metadata().hosted())) {
                    reshape.put(name, t.partitions().size());
                }
                if (!t.configs().equals(local.metadata().configs())) {
                    reconfigure.put(name, t.configs());
                }
            });
            List<Future<Void>> stopped = new ArrayList<>();
            leaving.forEach(tp -> stopped.add(replicas.unfollow(tp)));
            return Future.join(stopped)
                    .transform(ignored -> topics.dropAll(deleted, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION))
                    .compose(v -> topics.dropAll(movedAway, ErrorCode.NOT_LEADER_OR_FOLLOWER))
                    // a topic this node cannot open (a storage failure, max.broker.partitions) is left out,
                    // logged, and tried again with the next image; the others go ahead
                    .compose(v -> topics.openAll(open).<Void>mapEmpty())
                    .compose(v -> topics.reshapeAll(reshape, (n, p) -> image.topic(n).partitions().get(p).replicas().contains(self))
                            .<Void>mapEmpty())
                    .compose(v -> topics.reconfigureAll(reconfigure))
                    .compose(v -> lead(image))
                    .compose(v -> {
                        applied = image;
                        return Future.join(moveGroups(image), moveTransactions(image)).<Void>mapEmpty();
                    })
                    .onFailure(err -> LOG.log(System.Logger.Level.ERROR, "cannot apply metadata epoch " + image.epoch(), err));
        });
    }

    /**
     * Each replica takes its role: a leader stops fetching first, then leads; a follower stops
     * leading, then fetches from its leader (or waits, when the leader is offline or not live).
     */
    private Future<Void> lead(MetadataImage image) {
        List<Future<Void>> all = new ArrayList<>();
        for (Topic local : topics.topics()) {
            TopicState t = image.topic(local.name());
            IsrOptions options = new IsrOptions(replicaLagTimeMaxMs);
            for (int p = 0; p < local.partitions().size() && p < t.partitions().size(); p++) {
                PartitionWriter w = local.partition(p);
                if (w == null) {
                    continue;
                }
                PartitionState s = t.partitions().get(p);
                TopicPartition tp = new TopicPartition(local.name(), p);
                if (s.leader() == self) {
                    all.add(replicas.unfollow(tp).compose(v -> w.applyState(s, self, options, isrUpdater, fenced)));
                    continue;
                }
                Future<Void> demoted = w.applyState(s, self, options, isrUpdater, fenced);
                io.spate.cluster.NodeRecord leader = s.leader() == PartitionState.NO_LEADER ? null : liveNode.apply(s.leader());
                all.add(demoted);
                all.add(leader == null || leader.port() == 0 ? replicas.unfollow(tp)
                        : replicas.follow(tp, leader, s.leaderEpoch(), w));
            }
        }
        return Future.join(all).mapEmpty();
    }

    private Future<Void> moveGroups(MetadataImage image) {
        if (groups == null) {
            return Future.succeededFuture();
        }
        Set<Integer> led = ledPartitions(image, TopicNames.CONSUMER_OFFSETS).keySet();
        List<Future<Void>> moves = new ArrayList<>();
        for (int p : led) {
            if (ledOffsetsPartitions.add(p)) {
                int partition = p;
                moves.add(groups.loadPartition(p).onFailure(err -> LOG.log(System.Logger.Level.ERROR,
                        "cannot load the groups of " + TopicNames.CONSUMER_OFFSETS + "-" + partition, err)));
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

    /**
     * The transaction coordinator serves the {@code __transaction_state} partitions this node leads,
     * as coordinator of their leader epoch: a partition led again under a new epoch is reloaded.
     */
    private Future<Void> moveTransactions(MetadataImage image) {
        if (transactions == null) {
            return Future.succeededFuture();
        }
        Map<Integer, Integer> led = ledPartitions(image, TopicNames.TRANSACTION_STATE);
        List<Future<Void>> moves = new ArrayList<>();
        led.forEach((p, epoch) -> {
            if (!epoch.equals(ledTxnPartitions.put(p, epoch))) {
                moves.add(transactions.loadPartition(p, epoch).onFailure(err -> LOG.log(System.Logger.Level.ERROR,
                        "cannot load the transactions of " + TopicNames.TRANSACTION_STATE + "-" + p, err)));
            }
        });
        for (int p : new ArrayList<>(ledTxnPartitions.keySet())) {
            if (!led.containsKey(p)) {
                ledTxnPartitions.remove(p);
                moves.add(transactions.unloadPartition(p));
            }
        }
        return Future.join(moves).mapEmpty();
    }

    /** The partitions of internal topic {@code name} this node leads and holds, with their leader epochs. */
    private Map<Integer, Integer> ledPartitions(MetadataImage image, String name) {
        TopicState state = image.topic(name);
        Topic local = topics.topic(name);
        Map<Integer, Integer> led = new LinkedHashMap<>();
        if (state != null && local != null) {
            for (int p = 0; p < state.partitions().size(); p++) {
                PartitionState s = state.partitions().get(p);
                if (s.leader() == self && local.partition(p) != null) {
                    led.put(p, s.leaderEpoch());
                }
            }
        }
        return led;
    }
}
