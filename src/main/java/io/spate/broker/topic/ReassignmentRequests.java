package io.spate.broker.topic;

import io.spate.broker.core.ReassignmentOutcome;
import io.spate.cluster.PartitionState;
import io.spate.cluster.Reassignments;
import io.spate.cluster.TopicState;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every AlterPartitionReassignments entry passes before anything changes, the same on a
 * single node and in a cluster, as pure functions: null means the entry may be applied.
 */
final class ReassignmentRequests {
    private ReassignmentRequests() {
    }

    /**
     * Why moving {@code tp} of {@code topic} (null: unknown) to {@code target} (null: cancel its
     * move) cannot be done while {@code live} are the live nodes, or null.
     */
    static ReassignmentOutcome check(TopicState topic, TopicPartition tp, List<Integer> target, Set<Integer> live) {
        if (topic == null || tp.partition() < 0 || tp.partition() >= topic.partitions().size()) {
            return error(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + tp);
        }
        PartitionState p = topic.partitions().get(tp.partition());
        if (target == null) {
            if (!p.reassigning()) {
                return error(tp, ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, tp + " is not being reassigned");
            }
            if (Reassignments.cancel(p) == null) {
                return error(tp, ErrorCode.REASSIGNMENT_IN_PROGRESS, "the move of " + tp + " cannot be cancelled: none of"
                        + " its original replicas " + Reassignments.original(p) + " is in sync (ISR " + p.isr() + ")");
            }
            return null;
        }
        if (target.isEmpty()) {
            return error(tp, ErrorCode.INVALID_REPLICA_ASSIGNMENT, "the replica list of " + tp + " is empty");
        }
        Set<Integer> seen = new HashSet<>();
        for (int node : target) {
            if (!seen.add(node)) {
                return error(tp, ErrorCode.INVALID_REPLICA_ASSIGNMENT, "node " + node + " is listed twice for " + tp);
            }
            if (!live.contains(node)) {
                return error(tp, ErrorCode.INVALID_REPLICA_ASSIGNMENT, "node " + node + " is not a live node"
                        + " (live: " + live.stream().sorted().toList() + ")");
            }
        }
        return null;
    }

    static ReassignmentOutcome ok(TopicPartition tp) {
        return new ReassignmentOutcome(tp.partition(), ErrorCode.NONE, null);
    }

    static ReassignmentOutcome error(TopicPartition tp, ErrorCode code, String message) {
        return new ReassignmentOutcome(tp.partition(), code, message);
    }
}
