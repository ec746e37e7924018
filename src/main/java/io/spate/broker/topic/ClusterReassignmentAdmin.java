package io.spate.broker.topic;

import io.spate.broker.core.ReassignmentOutcome;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.Reassignments;
import io.spate.cluster.TopicState;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Starts and cancels partition reassignments on a clustered node: every entry is checked
 * ({@link ReassignmentRequests}) and the accepted ones are written to the cluster's metadata in one
 * compare-and-set, from whichever node received the request. The nodes then open the new replicas,
 * which catch up from the leader; the controller completes each move once its target replicas are
 * all in sync ({@link Reassignments}).
 */
final class ClusterReassignmentAdmin {
    private final ClusterMetadata metadata;
    private final Supplier<List<NodeRecord>> liveNodes;
    private final int maxPartitions;

    /** @param maxPartitions {@code max.broker.partitions}: a move may not make a target node hold more */
    ClusterReassignmentAdmin(ClusterMetadata metadata, Supplier<List<NodeRecord>> liveNodes, int maxPartitions) {
        this.metadata = metadata;
        this.liveNodes = liveNodes;
        this.maxPartitions = maxPartitions;
    }

    /** One result per entry, in the request's order; a null target cancels that partition's move. */
    Future<Map<TopicPartition, ReassignmentOutcome>> alter(Map<TopicPartition, List<Integer>> targets) {
        Set<Integer> live = liveNodes.get().stream().map(NodeRecord::nodeId).collect(Collectors.toSet());
        Map<TopicPartition, ReassignmentOutcome> results = new LinkedHashMap<>();
        return metadata.update(image -> {
            results.clear();
            Map<String, List<PartitionState>> changed = new LinkedHashMap<>();
            PartitionBudget budget = new PartitionBudget(image, maxPartitions);
            targets.forEach((tp, target) -> {
                TopicState t = image.topic(tp.topic());
                ReassignmentOutcome error = ReassignmentRequests.check(t, tp, target, live);
                if (error == null && target != null) {
                    // the nodes that would start to hold a replica while the move runs
                    Map<Integer, Integer> joining = new java.util.TreeMap<>();
                    target.stream().filter(n -> !t.partitions().get(tp.partition()).replicas().contains(n))
                            .forEach(n -> joining.put(n, 1));
                    String over = budget.take(tp.topic(), joining);
                    error = over == null ? null : ReassignmentRequests.error(tp, ErrorCode.POLICY_VIOLATION, over);
                }
                results.put(tp, error != null ? error : ReassignmentRequests.ok(tp));
                if (error == null) {
                    List<PartitionState> ps = changed.computeIfAbsent(tp.topic(), n -> new ArrayList<>(t.partitions()));
                    PartitionState p = ps.get(tp.partition());
                    ps.set(tp.partition(), target == null ? Reassignments.cancel(p) : Reassignments.start(p, target));
                }
            });
            return apply(image, changed);
        }).transform(ar -> {
            if (ar.failed()) {
                Map<TopicPartition, ReassignmentOutcome> failed = new LinkedHashMap<>();
                targets.keySet().forEach(tp -> failed.put(tp, ReassignmentRequests.error(tp,
                        MetadataChangeFailure.error(ar.cause()), MetadataChangeFailure.message(ar.cause()))));
                return Future.succeededFuture(failed);
            }
            return Future.succeededFuture(new LinkedHashMap<>(results));
        });
    }

    private static MetadataImage apply(MetadataImage image, Map<String, List<PartitionState>> changed) {
        if (changed.isEmpty()) {
            return image;
        }
        return image.next(m -> {
            changed.forEach((name, ps) -> m.put(name, m.get(name).withPartitions(ps)));
            return m;
        });
    }
}
