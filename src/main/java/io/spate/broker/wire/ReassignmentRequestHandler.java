package io.spate.broker.wire;

import io.spate.broker.core.TopicAdmin;
import io.spate.broker.core.TopicDirectory;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.AlterPartitionReassignmentsRequest;
import io.spate.protocol.AlterPartitionReassignmentsResponse.PartitionResult;
import io.spate.protocol.AlterPartitionReassignmentsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ListPartitionReassignmentsRequest;
import io.spate.protocol.ListPartitionReassignmentsResponse;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves AlterPartitionReassignments (through the node's {@link TopicAdmin}) and
 * ListPartitionReassignments (from the node's {@link TopicDirectory}).
 */
final class ReassignmentRequestHandler {
    private final TopicAdmin admin;
    private final TopicDirectory directory;

    ReassignmentRequestHandler(TopicAdmin admin, TopicDirectory directory) {
        this.admin = admin;
        this.directory = directory;
    }

    /** A request naming one partition twice is refused whole (INVALID_REQUEST), changing nothing. */
    Future<Reply> alter(AlterPartitionReassignmentsRequest req) {
        Map<TopicPartition, List<Integer>> targets = new LinkedHashMap<>();
        for (AlterPartitionReassignmentsRequest.Topic t : req.topics()) {
            for (AlterPartitionReassignmentsRequest.Partition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                if (targets.containsKey(tp)) {
                    return Future.succeededFuture(Reply.of(new AlterPartitionReassignmentsResponse(
                            ErrorCode.INVALID_REQUEST, tp + " is listed twice", List.of())));
                }
                targets.put(tp, p.replicas());
            }
        }
        return admin.alterReassignments(targets).map(results -> {
            Map<String, List<PartitionResult>> byTopic = new LinkedHashMap<>();
            results.forEach((tp, r) -> byTopic.computeIfAbsent(tp.topic(), n -> new ArrayList<>())
                    .add(new PartitionResult(r.partition(), r.error(), r.errorMessage())));
            List<AlterPartitionReassignmentsResponse.Topic> topics = new ArrayList<>();
            byTopic.forEach((name, rs) -> topics.add(new AlterPartitionReassignmentsResponse.Topic(name, rs)));
            return Reply.of(new AlterPartitionReassignmentsResponse(ErrorCode.NONE, null, topics));
        });
    }

    Reply list(ListPartitionReassignmentsRequest req) {
        List<ListPartitionReassignmentsResponse.Topic> out = new ArrayList<>();
        if (req.topics() == null) {
            for (String name : directory.topicNames()) {
                TopicState t = directory.topic(name);
                if (t != null) {
                    addMoving(out, name, t, allPartitions(t));
                }
            }
        } else {
            for (ListPartitionReassignmentsRequest.Topic asked : req.topics()) {
                TopicState t = directory.topic(asked.name());
                if (t != null) {
                    addMoving(out, asked.name(), t, asked.partitions());
                }
            }
        }
        return Reply.of(new ListPartitionReassignmentsResponse(ErrorCode.NONE, null, out));
    }

    private static List<Integer> allPartitions(TopicState t) {
        List<Integer> all = new ArrayList<>(t.partitions().size());
        for (int p = 0; p < t.partitions().size(); p++) {
            all.add(p);
        }
        return all;
    }

    private static void addMoving(List<ListPartitionReassignmentsResponse.Topic> out, String name, TopicState t,
                                  List<Integer> partitions) {
        List<ListPartitionReassignmentsResponse.Reassignment> moving = new ArrayList<>();
        for (int p : partitions) {
            if (p >= 0 && p < t.partitions().size() && t.partitions().get(p).reassigning()) {
                PartitionState s = t.partitions().get(p);
                moving.add(new ListPartitionReassignmentsResponse.Reassignment(p, s.replicas(), s.adding(), s.removing()));
            }
        }
        if (!moving.isEmpty()) {
            out.add(new ListPartitionReassignmentsResponse.Topic(name, moving));
        }
    }
}
