package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.PartitionLogState;
import io.spate.broker.core.TopicLogState;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.protocol.ErrorCode;
import io.vertx.core.Future;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
     * ElectLeaders, from the directory: a partition led by its preferred replica (PREFERRED) or led at
     * all (UNCLEAN) needs no election (ELECTION_NOT_NEEDED; left out of an answer for all partitions,
     * as Kafka does). Spate's controller hands leadership back to the preferred replica by itself (every
     * {@code leader.imbalance.check.interval.ms}) and elects no unclean leader on demand, so any other
     * partition is answered PREFERRED_LEADER_NOT_AVAILABLE / ELIGIBLE_LEADERS_NOT_AVAILABLE with why.
     */
    Future<ApiMessage> electLeaders(KafkaRequest request) {
        ElectLeadersRequestData req = request.body(ElectLeadersRequest.class).data();
        ElectionType type;
        try {
            type = request.version() >= 1 ? ElectionType.valueOf(req.electionType()) : ElectionType.PREFERRED;
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("unknown election type " + req.electionType()));
        }
        ElectLeadersResponseData out = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
        Set<Integer> live = new HashSet<>();
        broker.directory().liveNodes().stream().map(NodeRecord::nodeId).forEach(live::add);
        if (req.topicPartitions() == null) {
            for (String name : broker.directory().topicNames()) {
                TopicState t = broker.directory().topic(name);
                ElectLeadersResponseData.ReplicaElectionResult r = new ElectLeadersResponseData.ReplicaElectionResult()
                        .setTopic(name);
                for (int p = 0; t != null && p < t.partitions().size(); p++) {
                    ElectLeadersResponseData.PartitionResult pr = elect(name, t, p, type, live);
                    if (pr.errorCode() != Errors.ELECTION_NOT_NEEDED.code()) {
                        r.partitionResult().add(pr);
                    }
                }
                out.replicaElectionResults().add(r);
            }
        } else {
            for (ElectLeadersRequestData.TopicPartitions tp : req.topicPartitions()) {
                TopicState t = broker.directory().topic(tp.topic());
                ElectLeadersResponseData.ReplicaElectionResult r = new ElectLeadersResponseData.ReplicaElectionResult()
                        .setTopic(tp.topic());
                tp.partitions().forEach(p -> r.partitionResult().add(elect(tp.topic(), t, p, type, live)));
                out.replicaElectionResults().add(r);
            }
        }
        return Future.succeededFuture(out);
    }

    private static ElectLeadersResponseData.PartitionResult elect(String topic, TopicState t, int partition,
                                                                  ElectionType type, Set<Integer> live) {
        ElectLeadersResponseData.PartitionResult r = new ElectLeadersResponseData.PartitionResult().setPartitionId(partition);
        if (t == null || partition < 0 || partition >= t.partitions().size()) {
            return r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                    .setErrorMessage(t == null ? "topic '" + topic + "' does not exist" : "topic '" + topic + "' has no partition "
                            + partition);
        }
        PartitionState s = t.partitions().get(partition);
        int preferred = s.replicas().get(0);
        if (type == ElectionType.PREFERRED ? s.leader() == preferred : s.leader() != PartitionState.NO_LEADER) {
            return r.setErrorCode(Errors.ELECTION_NOT_NEEDED.code()).setErrorMessage(null);
        }
        if (type == ElectionType.UNCLEAN) {
            return r.setErrorCode(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE.code()).setErrorMessage(topic + "-" + partition
                    + " has no leader and no in-sync replica to elect; Spate elects no out-of-sync leader on demand");
        }
        String why = !live.contains(preferred) ? "preferred replica " + preferred + " is not live"
                : !s.isr().contains(preferred) ? "preferred replica " + preferred + " is not in sync"
                : "the controller moves leadership to preferred replica " + preferred
                        + " at its next leader-imbalance check; it is not elected on demand";
        return r.setErrorCode(Errors.PREFERRED_LEADER_NOT_AVAILABLE.code()).setErrorMessage(topic + "-" + partition + ": " + why);
    }
}
