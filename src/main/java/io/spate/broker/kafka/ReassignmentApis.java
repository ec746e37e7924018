package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.ReassignmentOutcome;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;

/**
 * AlterPartitionReassignments (through the node's topic admin, as the native listener's) and
 * ListPartitionReassignments (from the directory: the partitions a reassignment is moving).
 */
final class ReassignmentApis {
    private final Broker broker;

    ReassignmentApis(Broker broker) {
        this.broker = broker;
    }

    /**
     * Starts (a replica list) or cancels (null) each partition's move. A request naming one partition
     * twice is refused whole (INVALID_REQUEST), changing nothing. With v1's
     * {@code allowReplicationFactorChange=false}, a target of another size than the partition's
     * replica count is refused (INVALID_REPLICATION_FACTOR), as Kafka does; the others go ahead.
     */
    Future<ApiMessage> alter(KafkaRequest request) {
        AlterPartitionReassignmentsRequestData req = request.body(AlterPartitionReassignmentsRequest.class).data();
        boolean sizeMayChange = request.version() < 1 || req.allowReplicationFactorChange();
        AlterPartitionReassignmentsResponseData out = new AlterPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code()).setAllowReplicationFactorChange(sizeMayChange);
        Map<TopicPartition, List<Integer>> targets = new LinkedHashMap<>();
        Map<TopicPartition, AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse> results = new LinkedHashMap<>();
        for (AlterPartitionReassignmentsRequestData.ReassignableTopic t : req.topics()) {
            AlterPartitionReassignmentsResponseData.ReassignableTopicResponse topic =
                    new AlterPartitionReassignmentsResponseData.ReassignableTopicResponse().setName(t.name());
            out.responses().add(topic);
            for (AlterPartitionReassignmentsRequestData.ReassignablePartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                if (results.containsKey(tp)) {
                    return Future.succeededFuture(new AlterPartitionReassignmentsResponseData()
                            .setAllowReplicationFactorChange(sizeMayChange)
                            .setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(tp + " is listed twice"));
                }
                AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse r =
                        new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                                .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.NONE.code());
                topic.partitions().add(r);
                results.put(tp, r);
                String refused = sizeMayChange ? null : sizeChange(tp, p.replicas());
                if (refused != null) {
                    r.setErrorCode(Errors.INVALID_REPLICATION_FACTOR.code()).setErrorMessage(refused);
                } else {
                    targets.put(tp, p.replicas());
                }
            }
        }
        if (targets.isEmpty()) {
            return Future.succeededFuture(out);
        }
        return broker.admin().alterReassignments(targets).map(outcomes -> {
            outcomes.forEach((tp, o) -> apply(results.get(tp), o));
            return out;
        });
    }

    private static void apply(AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse r, ReassignmentOutcome o) {
        r.setErrorCode(o.error().code()).setErrorMessage(o.errorMessage());
    }

    /** Why a move of {@code tp} to {@code target} changes its replication factor, or null (also for a cancel or an unknown partition). */
    private String sizeChange(TopicPartition tp, List<Integer> target) {
        TopicState t = broker.directory().topic(tp.topic());
        if (target == null || t == null || tp.partition() < 0 || tp.partition() >= t.partitions().size()) {
            return null;
        }
        int now = t.partitions().get(tp.partition()).targetReplicas().size();
        return target.size() == now ? null : tp + " has " + now + " replicas; moving it to " + target
                + " would change its replication factor, which this request does not allow";
    }

    /** The moves in progress of the partitions asked for (all when null); unknown topics and partitions are left out. */
    Future<ApiMessage> list(KafkaRequest request) {
        ListPartitionReassignmentsRequestData req = request.body(ListPartitionReassignmentsRequest.class).data();
        ListPartitionReassignmentsResponseData out = new ListPartitionReassignmentsResponseData().setErrorCode(Errors.NONE.code());
        if (req.topics() == null) {
            for (String name : broker.directory().topicNames()) {
                TopicState t = broker.directory().topic(name);
                if (t != null) {
                    addMoving(out, name, t, allPartitions(t));
                }
            }
        } else {
            for (ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics asked : req.topics()) {
                TopicState t = broker.directory().topic(asked.name());
                if (t != null) {
                    addMoving(out, asked.name(), t, asked.partitionIndexes());
                }
            }
        }
        return Future.succeededFuture(out);
    }

    private static List<Integer> allPartitions(TopicState t) {
        List<Integer> all = new ArrayList<>(t.partitions().size());
        for (int p = 0; p < t.partitions().size(); p++) {
            all.add(p);
        }
        return all;
    }

    private static void addMoving(ListPartitionReassignmentsResponseData out, String name, TopicState t, List<Integer> partitions) {
        ListPartitionReassignmentsResponseData.OngoingTopicReassignment topic =
                new ListPartitionReassignmentsResponseData.OngoingTopicReassignment().setName(name);
        for (int p : partitions) {
            if (p >= 0 && p < t.partitions().size() && t.partitions().get(p).reassigning()) {
                PartitionState s = t.partitions().get(p);
                topic.partitions().add(new ListPartitionReassignmentsResponseData.OngoingPartitionReassignment()
                        .setPartitionIndex(p).setReplicas(s.replicas()).setAddingReplicas(s.adding())
                        .setRemovingReplicas(s.removing()));
            }
        }
        if (!topic.partitions().isEmpty()) {
            out.topics().add(topic);
        }
    }
}
