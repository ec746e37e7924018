package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.TopicView;
import io.spate.cluster.PartitionState;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;

/**
 * ApiVersions and Metadata. Metadata names each node by its Kafka listener ({@link KafkaNode}), the
 * partitions' leaders, replicas and in-sync replicas from the same directory as the native
 * listener, and no leader (LEADER_NOT_AVAILABLE) while this node is fenced from the metadata quorum.
 * Only nodes Kafka clients can reach are named: as controller, a reachable node stands in for one
 * that runs no Kafka listener; a leader without one is no leader to them ({@link PartitionAnswers}).
 */
final class MetadataApis {
    private final Broker broker;
    private final Supplier<List<KafkaNode>> nodes;
    private final KafkaApis apis;

    MetadataApis(Broker broker, Supplier<List<KafkaNode>> nodes, KafkaApis apis) {
        this.broker = broker;
        this.nodes = nodes;
        this.apis = apis;
    }

    Future<ApiMessage> apiVersions(KafkaRequest request) {
        org.apache.kafka.common.requests.ApiVersionsRequest req = request.body(
                org.apache.kafka.common.requests.ApiVersionsRequest.class);
        if (request.version() >= 3 && !req.isValid()) {
            return Future.succeededFuture(new ApiVersionsResponseData().setErrorCode(Errors.INVALID_REQUEST.code())
                    .setApiKeys(apis.versions()));
        }
        return Future.succeededFuture(new ApiVersionsResponseData().setErrorCode(Errors.NONE.code())
                .setApiKeys(apis.versions()));
    }

    Future<ApiMessage> metadata(KafkaRequest request) {
        MetadataRequest req = request.body(MetadataRequest.class);
        List<String> names = null;
        List<Uuid> unknownIds = new java.util.ArrayList<>();
        if (!req.isAllTopics()) {
            names = new java.util.ArrayList<>();
            for (org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic t : req.data().topics()) {
                String name = t.name() != null ? t.name() : KafkaIds.name(broker.directory(), t.topicId());
                if (name != null) {
                    names.add(name);
                } else {
                    unknownIds.add(t.topicId()); // Metadata v10+ looks topics up by id
                }
            }
        }
        boolean autoCreate = request.version() >= 4 ? req.allowAutoTopicCreation() : true;
        return broker.metadata(names, autoCreate).map(views -> {
            boolean vouched = broker.directory().vouchesForLeaders(); // read once: one answer, one verdict
            MetadataResponseData out = new MetadataResponseData().setClusterId(broker.directory().clusterId());
            java.util.SortedSet<Integer> reachable = new java.util.TreeSet<>();
            List<KafkaNode> kafkaNodes = nodes.get();
            for (KafkaNode n : kafkaNodes) {
                reachable.add(n.nodeId());
                out.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(n.nodeId())
                        .setHost(n.host()).setPort(n.port()).setRack(n.rack()));
            }
            out.setControllerId(KafkaNode.controllerFor(broker.directory().controllerId(), kafkaNodes));
            PartitionAnswers answers = new PartitionAnswers(reachable, request.version());
            for (TopicView v : views) {
                MetadataResponseData.MetadataResponseTopic t = new MetadataResponseData.MetadataResponseTopic()
                        .setName(v.name()).setErrorCode(v.error().code()).setIsInternal(v.internal())
                        .setTopicId(KafkaIds.of(broker.directory(), v.name()));
                for (int p = 0; p < v.partitions().size(); p++) {
                    t.partitions().add(answers.partition(p, v.partitions().get(p), vouched));
                }
                out.topics().add(t);
            }
            for (Uuid id : unknownIds) {
                out.topics().add(new MetadataResponseData.MetadataResponseTopic().setTopicId(id).setName(null)
                        .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
            }
            return out;
        });
    }

    /**
     * One partition as Kafka's metadata cache answers it, given the nodes Kafka clients can reach
     * ({@code reachable}: live, with a Kafka listener). A leader they cannot reach is no leader to
     * them: -1 with LEADER_NOT_AVAILABLE, or from v6 LISTENER_NOT_FOUND when the leader is live but
     * runs no Kafka listener (Kafka's answer for a broker without the request's listener). Replicas
     * they cannot reach are offline replicas; v0 lists only reachable replicas and ISR members, with
     * REPLICA_NOT_AVAILABLE when that leaves some out.
     */
    private final class PartitionAnswers {
        private final java.util.Set<Integer> reachable;
        private final short version;

        PartitionAnswers(java.util.Set<Integer> reachable, short version) {
            this.reachable = reachable;
            this.version = version;
        }

        MetadataResponseData.MetadataResponsePartition partition(int index, PartitionState s, boolean vouched) {
            List<Integer> replicas = version == 0 ? reachableOf(s.replicas()) : s.replicas();
            List<Integer> isr = version == 0 ? reachableOf(s.isr()) : s.isr();
            List<Integer> offline = s.replicas().stream().filter(r -> !reachable.contains(r)).toList();
            boolean led = vouched && s.leader() != PartitionState.NO_LEADER && reachable.contains(s.leader());
            Errors error;
            if (!led) {
                error = vouched && s.leader() != PartitionState.NO_LEADER && version >= 6
                        && broker.directory().liveNode(s.leader()) != null ? Errors.LISTENER_NOT_FOUND
                        : Errors.LEADER_NOT_AVAILABLE;
            } else {
                error = replicas.size() < s.replicas().size() || isr.size() < s.isr().size()
                        ? Errors.REPLICA_NOT_AVAILABLE : Errors.NONE;
            }
            return new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(index)
                    .setErrorCode(error.code())
                    .setLeaderId(led ? s.leader() : PartitionState.NO_LEADER)
                    .setLeaderEpoch(s.leaderEpoch())
                    .setReplicaNodes(replicas)
                    .setIsrNodes(isr)
                    .setOfflineReplicas(offline);
        }

        private List<Integer> reachableOf(List<Integer> ids) {
            return ids.stream().filter(reachable::contains).toList();
        }
    }
}
