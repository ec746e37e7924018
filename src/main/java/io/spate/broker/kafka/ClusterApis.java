package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.ElectionOutcome;
import io.spate.broker.core.PartitionLogState;
import io.spate.broker.core.TopicLogState;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.ElectLeadersRequest;

/**
 * The cluster's shape: DescribeCluster (the nodes as Kafka clients reach them, the controller, the
 * cluster id), DescribeLogDirs (this node's one log dir, its data dir) and ElectLeaders.
 */
final class ClusterApis {
    /** DescribeCluster v1+'s endpoint types: a broker's listeners (what this listener is), or the controllers'. */
    private static final byte BROKER_ENDPOINTS = 1;

    private final Broker broker;
    private final Supplier<List<KafkaNode>> nodes;
    private final KafkaNodeConfig node;

    ClusterApis(Broker broker, Supplier<List<KafkaNode>> nodes, KafkaNodeConfig node) {
        this.broker = broker;
        this.nodes = nodes;
        this.node = node;
    }

    /**
     * DescribeCluster: the live nodes' Kafka listeners (none is fenced: only live nodes are listed), the
     * controller and the cluster id. Asked for controller endpoints (v1+, a client bootstrapped with
     * {@code bootstrap.controllers}), it answers MISMATCHED_ENDPOINT_TYPE as a Kafka broker does.
     */
    Future<ApiMessage> describeCluster(KafkaRequest request) {
        DescribeClusterRequestData req = request.body(DescribeClusterRequest.class).data();
        DescribeClusterResponseData out = new DescribeClusterResponseData().setEndpointType(BROKER_ENDPOINTS)
                .setClusterId(broker.directory().clusterId());
        if (request.version() >= 1 && req.endpointType() != BROKER_ENDPOINTS) {
            return Future.succeededFuture(out.setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("this is a broker listener; it lists no controller endpoints (endpoint type "
                            + req.endpointType() + ")"));
        }
        List<KafkaNode> kafkaNodes = nodes.get();
        out.setErrorCode(Errors.NONE.code()).setControllerId(KafkaNode.controllerFor(broker.directory().controllerId(),
                kafkaNodes));
        for (KafkaNode n : kafkaNodes) {
            out.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(n.nodeId())
                    .setHost(n.host()).setPort(n.port()).setRack(n.rack()).setIsFenced(false));
        }
        return Future.succeededFuture(out);
    }

    /**
     * DescribeLogDirs: one log dir, the node's data dir, with the partitions this node holds of the
     * topics asked for (all when null; topics and partitions it does not hold are left out, as Kafka
     * does), each with its size on disk; v4 adds the file system's total and usable bytes.
     */
    Future<ApiMessage> describeLogDirs(KafkaRequest request) {
        DescribeLogDirsRequestData req = request.body(DescribeLogDirsRequest.class).data();
        Map<String, Set<Integer>> wanted = null;
        if (req.topics() != null) {
            wanted = new LinkedHashMap<>();
            for (DescribeLogDirsRequestData.DescribableLogDirTopic t : req.topics()) {
                wanted.computeIfAbsent(t.topic(), n -> new HashSet<>()).addAll(t.partitions());
            }
        }
        Map<String, Set<Integer>> asked = wanted;
        return broker.describeLogs(asked == null ? null : new ArrayList<>(asked.keySet())).map(states -> {
            File dir = Path.of(node.value(KafkaNodeConfig.DATA_DIR)).toAbsolutePath().toFile();
            DescribeLogDirsResponseData.DescribeLogDirsResult result = new DescribeLogDirsResponseData.DescribeLogDirsResult()
                    .setErrorCode(Errors.NONE.code()).setLogDir(dir.getPath())
                    .setTotalBytes(dir.getTotalSpace()).setUsableBytes(dir.getUsableSpace());
            states.forEach((name, state) -> {
                if (state.error() != ErrorCode.NONE) {
                    return; // not held here
                }
                DescribeLogDirsResponseData.DescribeLogDirsTopic topic = new DescribeLogDirsResponseData.DescribeLogDirsTopic()
                        .setName(name);
                for (PartitionLogState p : state.partitions()) {
                    if (asked == null || asked.get(name).contains(p.partition())) {
                        topic.partitions().add(new DescribeLogDirsResponseData.DescribeLogDirsPartition()
                                .setPartitionIndex(p.partition()).setPartitionSize(p.sizeBytes())
                                .setOffsetLag(0).setIsFutureKey(false));
                    }
                }
                if (!topic.partitions().isEmpty()) {
                    result.topics().add(topic);
                }
            });
            return new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code()).setResults(List.of(result));
        });
    }

    /**
     * ElectLeaders. PREFERRED (all of v0) goes to the topic admin, which on a cluster makes each
     * partition's preferred replica its leader at once where that replica is live and in sync, in one
     * metadata change, as Kafka's controller does (a single node: every partition needs no election).
     * UNCLEAN is answered from the directory: a partition that has a leader needs no election, any
     * other is ELIGIBLE_LEADERS_NOT_AVAILABLE (Spate elects no out-of-sync leader on demand). Asked for
     * all partitions (null), ELECTION_NOT_NEEDED is left out of the answer, as Kafka does.
     */
    Future<ApiMessage> electLeaders(KafkaRequest request) {
        ElectLeadersRequestData req = request.body(ElectLeadersRequest.class).data();
        ElectionType type;
        try {
            type = request.version() >= 1 ? ElectionType.valueOf(req.electionType()) : ElectionType.PREFERRED;
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("unknown election type " + req.electionType()));
        }
        Set<TopicPartition> asked = null;
        if (req.topicPartitions() != null) {
            asked = new LinkedHashSet<>();
            for (ElectLeadersRequestData.TopicPartitions tp : req.topicPartitions()) {
                for (int p : tp.partitions()) {
                    asked.add(new TopicPartition(tp.topic(), p));
                }
            }
        }
        Future<Map<TopicPartition, ElectionOutcome>> outcomes = type == ElectionType.PREFERRED
                ? broker.admin().electPreferredLeaders(asked) : Future.succeededFuture(unclean(asked));
        return outcomes.map(results -> answer(results, req.topicPartitions()));
    }

    /**
     * One topic entry per topic asked (in the request's order), or for all partitions ({@code asked}
     * null) one per topic of {@code results} with ELECTION_NOT_NEEDED left out.
     */
    private static ApiMessage answer(Map<TopicPartition, ElectionOutcome> results,
                                     Collection<ElectLeadersRequestData.TopicPartitions> asked) {
        boolean all = asked == null;
        Map<String, ElectLeadersResponseData.ReplicaElectionResult> topics = new LinkedHashMap<>();
        if (!all) {
            asked.forEach(tp -> topics.computeIfAbsent(tp.topic(), n -> new ElectLeadersResponseData.ReplicaElectionResult()
                    .setTopic(n)));
        }
        results.forEach((tp, o) -> {
            ElectLeadersResponseData.ReplicaElectionResult r = topics.computeIfAbsent(tp.topic(),
                    n -> new ElectLeadersResponseData.ReplicaElectionResult().setTopic(n));
            if (!all || o.error() != ErrorCode.ELECTION_NOT_NEEDED) {
                r.partitionResult().add(new ElectLeadersResponseData.PartitionResult().setPartitionId(tp.partition())
                        .setErrorCode(o.error().code()).setErrorMessage(o.errorMessage()));
            }
        });
        return new ElectLeadersResponseData().setErrorCode(Errors.NONE.code())
                .setReplicaElectionResults(new ArrayList<>(topics.values()));
    }

    /** UNCLEAN, from the directory: a partition led already needs no election; Spate elects no other. */
    private Map<TopicPartition, ElectionOutcome> unclean(Set<TopicPartition> asked) {
        Collection<TopicPartition> partitions = asked == null ? broker.directory().partitions() : asked;
        Map<TopicPartition, ElectionOutcome> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            TopicState t = broker.directory().topic(tp.topic());
            if (t == null || tp.partition() < 0 || tp.partition() >= t.partitions().size()) {
                out.put(tp, ElectionOutcome.unknown(tp, t != null));
            } else if (t.partitions().get(tp.partition()).leader() != PartitionState.NO_LEADER) {
                out.put(tp, ElectionOutcome.NOT_NEEDED);
            } else {
                out.put(tp, new ElectionOutcome(ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE, tp
                        + " has no leader and no in-sync replica to elect; Spate elects no out-of-sync leader on demand"));
            }
        }
        return out;
    }
}
