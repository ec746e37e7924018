package io.spate.broker.topic;

import io.spate.broker.core.ConfigChange;
import io.spate.broker.core.ElectionOutcome;
import io.spate.broker.core.ReassignmentOutcome;
import io.spate.broker.core.TopicAdmin;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDefaults;
import io.spate.broker.core.TopicNames;
import io.spate.broker.core.TopicOutcome;
import io.spate.cluster.ClusterMembership;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.ReplicaPlacement;
import io.spate.cluster.TopicIds;
import io.spate.cluster.TopicState;
import io.spate.common.TopicId;
import io.spate.log.LogConfig;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A clustered node's topic admin: requests are checked ({@link TopicRequests}) and applied to the
 * cluster's metadata image in one compare-and-set per request, from whichever node received them;
 * every node then applies the new image to the replicas it holds. New partitions are placed on the
 * live nodes by {@link ReplicaPlacement}; a new topic gets a fresh id ({@link TopicIds#fresh}) in the
 * same image. Without a majority of {@code cluster.size} the change
 * fails and nothing changes.
 */
public final class ClusterTopicAdmin implements TopicAdmin {
    private final ClusterMetadata metadata;
    private final ClusterMembership membership;
    private final TopicDefaults defaults;
    private final int clusterSize;
    private final int maxPartitions;
    private final ClusterReassignmentAdmin reassignments;

    /**
     * @param clusterSize   {@code cluster.size}: the nodes the cluster is meant to have
     * @param maxPartitions {@code max.broker.partitions}: the most partition replicas a node may hold
     */
    public ClusterTopicAdmin(ClusterMetadata metadata, ClusterMembership membership, TopicDefaults defaults, int clusterSize,
                             int maxPartitions) {
        this.metadata = metadata;
        this.membership = membership;
        this.defaults = defaults;
        this.clusterSize = clusterSize;
        this.maxPartitions = maxPartitions;
        this.reassignments = new ClusterReassignmentAdmin(metadata, membership::liveNodes, maxPartitions);
    }

    @Override
    public Future<Map<TopicPartition, ReassignmentOutcome>> alterReassignments(Map<TopicPartition, List<Integer>> targets) {
        return reassignments.alter(targets);
    }

    /**
     * Elects the preferred leaders in one compare-and-set ({@link PreferredLeaderElections}, the
     * controller's rule), worked out again on the newer image if another change came first. A change
     * that fails (no majority) answers every asked partition (every partition, when null) with why.
     */
    @Override
    public Future<Map<TopicPartition, ElectionOutcome>> electPreferredLeaders(Set<TopicPartition> partitions) {
        Set<Integer> live = membership.liveNodes().stream().map(NodeRecord::nodeId).collect(Collectors.toSet());
        AtomicReference<PreferredLeaderElections> last = new AtomicReference<>(); // the attempt that committed is the last
        return metadata.update(image -> {
            PreferredLeaderElections elections = PreferredLeaderElections.on(image, live, partitions);
            last.set(elections);
            return elections.image();
        }).transform(ar -> {
            if (ar.succeeded()) {
                return Future.succeededFuture(last.get().outcomes());
            }
            ElectionOutcome failed = new ElectionOutcome(MetadataChangeFailure.error(ar.cause()),
                    MetadataChangeFailure.message(ar.cause()));
            Map<TopicPartition, ElectionOutcome> out = new LinkedHashMap<>();
            PreferredLeaderElections.on(metadata.current(), live, partitions).outcomes().keySet()
                    .forEach(tp -> out.put(tp, failed));
            return Future.succeededFuture(out);
        });
    }

    /** The outcome of one attempt: results per topic and the changed topics (null = removed). */
    private interface Plan {
        void apply(MetadataImage image, List<TopicOutcome> results, Map<String, TopicState> changed);
    }

    private Future<List<TopicOutcome>> change(boolean validateOnly, Plan plan) {
        List<TopicOutcome> results = new ArrayList<>();
        return metadata.update(image -> {
            results.clear();
            Map<String, TopicState> changed = new java.util.LinkedHashMap<>();
            plan.apply(image, results, changed);
            if (validateOnly || changed.isEmpty()) {
                return image;
            }
            return image.next(m -> {
                changed.forEach((name, t) -> {
                    if (t == null) {
                        m.remove(name);
                    } else {
                        m.put(name, t);
                    }
                });
                return m;
            });
        }).transform(ar -> ar.succeeded() ? Future.succeededFuture(List.copyOf(results))
                : Future.succeededFuture(failAll(plan, ar.cause())));
    }

    private List<TopicOutcome> failAll(Plan plan, Throwable cause) {
        List<TopicOutcome> results = new ArrayList<>();
        plan.apply(metadata.current(), results, new java.util.HashMap<>());
        return results.stream().map(r -> new TopicOutcome(r.name(), MetadataChangeFailure.error(cause),
                MetadataChangeFailure.message(cause))).toList();
    }

    @Override
    public Future<List<TopicOutcome>> createTopics(List<TopicCreation> requests, boolean validateOnly) {
        List<ReplicaPlacement.Candidate> nodes = membership.liveNodes().stream()
                .map(n -> new ReplicaPlacement.Candidate(n.nodeId(), n.rack())).toList();
        int start = ThreadLocalRandom.current().nextInt(Math.max(1, nodes.size()));
        return change(validateOnly, (image, results, changed) -> {
            Set<String> seen = new HashSet<>();
            Set<TopicId> ids = new HashSet<>(); // of the topics this request creates
            PartitionBudget budget = new PartitionBudget(image, maxPartitions);
            for (TopicCreation t : requests) {
                int rf = t.replicationFactor() == -1 ? defaultReplicationFactor(t.name()) : t.replicationFactor();
                List<String> names = new ArrayList<>(seen);
                names.addAll(image.topics().keySet());
                TopicOutcome error = TopicRequests.checkNew(t, n -> image.topic(n) != null
                        || TopicRequests.seenBefore(seen, n), names, rf, nodes.size(), defaults.config());
                if (error != null) {
                    results.add(error);
                    continue;
                }
                int count = t.partitions() == -1 ? defaults.partitions() : t.partitions();
                List<PartitionState> placed = place(nodes, count, rf, 0, start);
                String over = budget.take(t.name(), PartitionBudget.replicasPerNode(placed));
                if (over != null) {
                    results.add(new TopicOutcome(t.name(), ErrorCode.POLICY_VIOLATION, over));
                    continue;
                }
                // the id travels in the image the quorum commits, so every node reads the same one
                TopicId id = TopicIds.fresh(image, ids);
                ids.add(id);
                changed.put(t.name(), new TopicState(t.name(), id, withMinIsr(t.configs(), rf), placed));
                results.add(TopicOutcome.ok(t.name()));
            }
        });
    }

    /**
     * {@code default.replication.factor}; for the internal offsets topic at least 3, capped at
     * {@code cluster.size} (as Kafka's offsets.topic.replication.factor: the topic is not created
     * until that many nodes are live, rather than created with fewer replicas for good).
     */
    private int defaultReplicationFactor(String topic) {
        int rf = defaults.replicationFactor();
        return TopicNames.isInternal(topic) ? Math.max(1, Math.min(Math.max(rf, 3), clusterSize)) : rf;
    }

    /**
     * min.insync.replicas defaults to 2 for a topic of 3 or more replicas (safe by default: an
     * acks=all write then survives the loss of any one replica), unless the request sets it.
     */
    private static Map<String, String> withMinIsr(Map<String, String> configs, int rf) {
        if (rf < 3 || configs.containsKey(LogConfig.MIN_IN_SYNC_REPLICAS)) {
            return configs;
        }
        Map<String, String> m = new java.util.HashMap<>(configs);
        m.put(LogConfig.MIN_IN_SYNC_REPLICAS, "2");
        return m;
    }

    private static List<PartitionState> place(List<ReplicaPlacement.Candidate> nodes, int count, int rf, int first, int start) {
        return ReplicaPlacement.assign(nodes, count, rf, first, start).stream().map(PartitionState::initial).toList();
    }

    @Override
    public Future<List<TopicOutcome>> deleteTopics(List<String> names) {
        return change(false, (image, results, changed) -> {
            for (String name : names) {
                TopicOutcome error = TopicRequests.checkDelete(name, image.topic(name) != null && !changed.containsKey(name));
                results.add(error != null ? error : TopicOutcome.ok(name));
                if (error == null) {
                    changed.put(name, null);
                }
            }
        });
    }

    @Override
    public Future<List<TopicOutcome>> createPartitions(Map<String, Integer> newTotals, boolean validateOnly) {
        List<ReplicaPlacement.Candidate> nodes = membership.liveNodes().stream()
                .map(n -> new ReplicaPlacement.Candidate(n.nodeId(), n.rack())).toList();
        return change(validateOnly, (image, results, changed) -> {
            PartitionBudget budget = new PartitionBudget(image, maxPartitions);
            newTotals.forEach((name, total) -> grow(image, nodes, budget, name, total, results, changed));
        });
    }

    private void grow(MetadataImage image, List<ReplicaPlacement.Candidate> nodes, PartitionBudget budget, String name,
                      int total, List<TopicOutcome> results, Map<String, TopicState> changed) {
        {
            TopicState t = image.topic(name);
            TopicOutcome error = TopicRequests.checkGrow(name, t == null ? -1 : t.partitions().size(), total);
            if (error == null && t.replicationFactor() > nodes.size()) {
                error = new TopicOutcome(name, ErrorCode.INVALID_REPLICATION_FACTOR, "topic '" + name + "' has "
                        + t.replicationFactor() + " replicas per partition, only " + nodes.size() + " nodes are live");
            }
            List<PartitionState> added = List.of();
            if (error == null) {
                int start = nodes.indexOf(candidate(nodes, t.partitions().get(0).replicas().get(0)));
                added = place(nodes, total - t.partitions().size(), t.replicationFactor(), t.partitions().size(),
                        Math.max(0, start));
                String over = budget.take(name, PartitionBudget.replicasPerNode(added));
                error = over == null ? null : new TopicOutcome(name, ErrorCode.POLICY_VIOLATION, over);
            }
            results.add(error != null ? error : TopicOutcome.ok(name));
            if (error == null) {
                List<PartitionState> ps = new ArrayList<>(t.partitions());
                ps.addAll(added);
                changed.put(name, t.withPartitions(ps));
            }
        }
    }

    private static ReplicaPlacement.Candidate candidate(List<ReplicaPlacement.Candidate> nodes, int id) {
        return nodes.stream().filter(c -> c.nodeId() == id).findFirst().orElse(null);
    }

    @Override
    public Future<List<TopicOutcome>> alterConfigs(Map<String, ConfigChange> changes, boolean validateOnly) {
        return change(validateOnly, (image, results, changed) -> changes.forEach((name, change) -> {
            TopicState t = image.topic(name);
            Object merged = TopicRequests.merged(name, t == null ? null : t.configs(), change, defaults.config());
            if (merged instanceof TopicOutcome error) {
                results.add(error);
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, String> m = (Map<String, String>) merged;
            changed.put(name, t.withConfigs(m));
            results.add(TopicOutcome.ok(name));
        }));
    }
}
