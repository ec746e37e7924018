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
            MetadataResponseData out = new MetadataResponseData()
                    .setClusterId(broker.directory().clusterId())
                    .setControllerId(broker.directory().controllerId());
            for (KafkaNode n : nodes.get()) {
                out.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(n.nodeId())
                        .setHost(n.host()).setPort(n.port()).setRack(n.rack()));
            }
            for (TopicView v : views) {
                MetadataResponseData.MetadataResponseTopic t = new MetadataResponseData.MetadataResponseTopic()
                        .setName(v.name()).setErrorCode(v.error().code()).setIsInternal(v.internal())
                        .setTopicId(KafkaIds.of(broker.directory(), v.name()));
                for (int p = 0; p < v.partitions().size(); p++) {
                    PartitionState s = v.partitions().get(p);
                    boolean led = vouched && s.leader() != PartitionState.NO_LEADER;
                    t.partitions().add(new MetadataResponseData.MetadataResponsePartition()
                            .setPartitionIndex(p)
                            .setErrorCode(led ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                            .setLeaderId(led ? s.leader() : PartitionState.NO_LEADER)
                            .setLeaderEpoch(s.leaderEpoch())
                            .setReplicaNodes(s.replicas())
                            .setIsrNodes(s.isr())
                            .setOfflineReplicas(List.of()));
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
}
