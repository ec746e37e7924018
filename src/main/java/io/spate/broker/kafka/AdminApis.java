package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicOutcome;
import io.spate.cluster.TopicState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.CreateTopicsRequest;

/**
 * The admin APIs, over the same topic admin as the native listener's: each topic's outcome carries
 * the core's error code and message.
 */
final class AdminApis {
    private final Broker broker;

    AdminApis(Broker broker) {
        this.broker = broker;
    }

    /**
     * CreateTopics: partitions and replication factor -1 take the node's defaults; a manual replica
     * assignment is refused (INVALID_REQUEST: Spate places replicas itself). The answer (v5+) gives
     * each created topic's partitions, replication factor and configs, as Kafka's does.
     */
    Future<ApiMessage> createTopics(KafkaRequest request) {
        CreateTopicsRequestData req = request.body(CreateTopicsRequest.class).data();
        List<TopicCreation> creations = new ArrayList<>();
        CreateTopicsResponseData out = new CreateTopicsResponseData();
        for (CreateTopicsRequestData.CreatableTopic t : req.topics()) {
            if (!t.assignments().isEmpty()) {
                out.topics().add(new CreateTopicsResponseData.CreatableTopicResult().setName(t.name())
                        .setErrorCode(io.spate.protocol.ErrorCode.INVALID_REQUEST.code())
                        .setErrorMessage("manual replica assignments are not supported: Spate places replicas itself"));
                continue;
            }
            Map<String, String> configs = new LinkedHashMap<>();
            t.configs().forEach(c -> configs.put(c.name(), c.value() == null ? "" : c.value()));
            creations.add(new TopicCreation(t.name(), t.numPartitions(), t.replicationFactor(), configs));
        }
        if (creations.isEmpty()) {
            return Future.succeededFuture(out);
        }
        return broker.admin().createTopics(creations, req.validateOnly()).map(outcomes -> {
            for (TopicOutcome o : outcomes) {
                CreateTopicsResponseData.CreatableTopicResult r = new CreateTopicsResponseData.CreatableTopicResult()
                        .setName(o.name()).setErrorCode(o.error().code()).setErrorMessage(o.errorMessage());
                TopicState state = o.error() == io.spate.protocol.ErrorCode.NONE ? broker.directory().topic(o.name()) : null;
                if (state != null) {
                    r.setNumPartitions(state.partitions().size())
                            .setReplicationFactor((short) state.partitions().get(0).replicas().size());
                } else {
                    r.setNumPartitions(-1).setReplicationFactor((short) -1);
                }
                out.topics().add(r);
            }
            return out;
        });
    }
}
