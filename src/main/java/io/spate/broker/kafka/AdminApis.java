package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicOutcome;
import io.spate.cluster.TopicState;
import io.spate.log.InvalidConfigException;
import io.spate.protocol.ErrorCode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;

/**
 * The topic admin APIs (CreateTopics, DeleteTopics, CreatePartitions), over the same topic admin as the
 * native listener's: each topic's outcome carries the core's error code and message.
 */
final class AdminApis {
    private final Broker broker;
    private final TopicConfigs configs;
    private final KafkaNodeConfig node;

    AdminApis(Broker broker, TopicConfigs configs, KafkaNodeConfig node) {
        this.broker = broker;
        this.configs = configs;
        this.node = node;
    }

    /**
     * CreateTopics: partitions and replication factor -1 take the node's defaults; a manual replica
     * assignment is refused (INVALID_REQUEST: Spate places replicas itself). The answer (v5+) gives
     * each topic created (or, with validate-only, that would be) its partitions, replication factor and
     * every config with its source, as Kafka's does.
     */
    Future<ApiMessage> createTopics(KafkaRequest request) {
        CreateTopicsRequestData req = request.body(CreateTopicsRequest.class).data();
        List<TopicCreation> creations = new ArrayList<>();
        CreateTopicsResponseData out = new CreateTopicsResponseData();
        for (CreateTopicsRequestData.CreatableTopic t : req.topics()) {
            if (!t.assignments().isEmpty()) {
                out.topics().add(new CreateTopicsResponseData.CreatableTopicResult().setName(t.name())
                        .setErrorCode(ErrorCode.INVALID_REQUEST.code())
                        .setErrorMessage("manual replica assignments are not supported: Spate places replicas itself"));
                continue;
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            t.configs().forEach(c -> overrides.put(c.name(), c.value() == null ? "" : c.value()));
            creations.add(new TopicCreation(t.name(), t.numPartitions(), t.replicationFactor(), overrides));
        }
        if (creations.isEmpty()) {
            return Future.succeededFuture(out);
        }
        Map<String, TopicCreation> asked = new LinkedHashMap<>();
        creations.forEach(c -> asked.putIfAbsent(c.name(), c));
        return broker.admin().createTopics(creations, req.validateOnly()).map(outcomes -> {
            for (TopicOutcome o : outcomes) {
                CreateTopicsResponseData.CreatableTopicResult r = new CreateTopicsResponseData.CreatableTopicResult()
                        .setName(o.name()).setErrorCode(o.error().code()).setErrorMessage(o.errorMessage())
                        .setNumPartitions(-1).setReplicationFactor((short) -1);
                if (o.error() == ErrorCode.NONE) {
                    describeCreated(r, asked.get(o.name()), req.validateOnly());
                }
                out.topics().add(r);
            }
            return out;
        });
    }

    /** The created topic's shape and configs, from the directory; with validate-only, from the request and defaults. */
    private void describeCreated(CreateTopicsResponseData.CreatableTopicResult r, TopicCreation asked, boolean validateOnly) {
        TopicState state = validateOnly ? null : broker.directory().topic(asked.name());
        Map<String, String> overrides = state != null ? state.configs() : asked.configs();
        if (state != null) {
            r.setNumPartitions(state.partitions().size())
                    .setReplicationFactor((short) state.partitions().get(0).replicas().size());
        } else if (validateOnly) {
            r.setNumPartitions(asked.partitions() >= 0 ? asked.partitions() : node.intValue("num.partitions", -1))
                    .setReplicationFactor((short) (asked.replicationFactor() >= 0 ? asked.replicationFactor()
                            : node.intValue("default.replication.factor", -1)));
        }
        try {
            for (TopicConfigs.Entry e : configs.describe(overrides)) {
                r.configs().add(new CreateTopicsResponseData.CreatableTopicConfigs().setName(e.name()).setValue(e.value())
                        .setReadOnly(false).setConfigSource(e.source().id()).setIsSensitive(false));
            }
        } catch (InvalidConfigException e) {
            r.setTopicConfigErrorCode(Errors.INVALID_CONFIG.code()); // accepted by the core: cannot happen
        }
    }

    /**
     * DeleteTopics: by name (v1-5: a list of names; v6: each by name or by topic id). An id no topic
     * has is UNKNOWN_TOPIC_ID; a topic named both ways is INVALID_REQUEST, as in Kafka. Each result
     * carries the topic's id.
     */
    Future<ApiMessage> deleteTopics(KafkaRequest request) {
        DeleteTopicsRequest body = request.body(DeleteTopicsRequest.class);
        DeleteTopicsResponseData out = new DeleteTopicsResponseData();
        List<String> names = new ArrayList<>();
        if (request.version() >= 6) {
            for (DeleteTopicsRequestData.DeleteTopicState t : body.data().topics()) {
                boolean byId = t.topicId() != null && !Uuid.ZERO_UUID.equals(t.topicId());
                if (t.name() != null && byId) {
                    out.responses().add(result(t.name(), t.topicId(), Errors.INVALID_REQUEST,
                            "name a topic by its name or by its id, not both"));
                } else if (t.name() == null) {
                    String name = KafkaIds.name(broker.directory(), t.topicId());
                    if (name == null) {
                        out.responses().add(result(null, t.topicId(), Errors.UNKNOWN_TOPIC_ID,
                                "no topic has id " + t.topicId()));
                    } else {
                        names.add(name);
                    }
                } else {
                    names.add(t.name());
                }
            }
        } else {
            names.addAll(body.data().topicNames());
        }
        if (names.isEmpty()) {
            return Future.succeededFuture(out);
        }
        Map<String, Uuid> ids = new java.util.HashMap<>();
        names.forEach(n -> ids.put(n, KafkaIds.of(broker.directory(), n)));
        return broker.admin().deleteTopics(names).map(outcomes -> {
            for (TopicOutcome o : outcomes) {
                out.responses().add(new DeleteTopicsResponseData.DeletableTopicResult().setName(o.name())
                        .setTopicId(ids.getOrDefault(o.name(), Uuid.ZERO_UUID)).setErrorCode(o.error().code())
                        .setErrorMessage(o.errorMessage()));
            }
            return out;
        });
    }

    private static DeleteTopicsResponseData.DeletableTopicResult result(String name, Uuid id, Errors error, String message) {
        return new DeleteTopicsResponseData.DeletableTopicResult().setName(name).setTopicId(id)
                .setErrorCode(error.code()).setErrorMessage(message);
    }

    /**
     * CreatePartitions: grows each topic to its new total; a manual assignment of the new partitions'
     * replicas is refused (INVALID_REQUEST), and a topic named twice is refused each time, as Kafka does.
     */
    Future<ApiMessage> createPartitions(KafkaRequest request) {
        CreatePartitionsRequestData req = request.body(CreatePartitionsRequest.class).data();
        CreatePartitionsResponseData out = new CreatePartitionsResponseData();
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        req.topics().forEach(t -> {
            if (!seen.add(t.name())) {
                twice.add(t.name());
            }
        });
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : req.topics()) {
            if (twice.contains(t.name())) {
                out.results().add(partitionsResult(t.name(), ErrorCode.INVALID_REQUEST,
                        "topic '" + t.name() + "' is named more than once"));
            } else if (t.assignments() != null) {
                out.results().add(partitionsResult(t.name(), ErrorCode.INVALID_REQUEST,
                        "manual replica assignments are not supported: Spate places replicas itself"));
            } else {
                totals.put(t.name(), t.count());
            }
        }
        if (totals.isEmpty()) {
            return Future.succeededFuture(out);
        }
        return broker.admin().createPartitions(totals, req.validateOnly()).map(outcomes -> {
            outcomes.forEach(o -> out.results().add(partitionsResult(o.name(), o.error(), o.errorMessage())));
            return out;
        });
    }

    private static CreatePartitionsResponseData.CreatePartitionsTopicResult partitionsResult(String name, ErrorCode error,
                                                                                            String message) {
        return new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(name).setErrorCode(error.code())
                .setErrorMessage(message);
    }

    /**
     * DeleteRecords: each partition's log start moves up to its offset (-1: the high watermark) on its
     * leader, which answers once its live followers moved theirs too, or REQUEST_TIMED_OUT after the
     * request's timeout_ms ({@link Broker#deleteRecords}); the answer's low watermark is the smallest log
     * start over them.
     */
    Future<ApiMessage> deleteRecords(KafkaRequest request) {
        DeleteRecordsRequestData req = request.body(DeleteRecordsRequest.class).data();
        Map<io.spate.protocol.TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (DeleteRecordsRequestData.DeleteRecordsTopic t : req.topics()) {
            for (DeleteRecordsRequestData.DeleteRecordsPartition p : t.partitions()) {
                offsets.put(new io.spate.protocol.TopicPartition(t.name(), p.partitionIndex()), p.offset());
            }
        }
        return broker.deleteRecords(offsets, req.timeoutMs()).map(results -> {
            DeleteRecordsResponseData out = new DeleteRecordsResponseData();
            results.forEach((tp, r) -> {
                DeleteRecordsResponseData.DeleteRecordsTopicResult topic = out.topics().find(tp.topic());
                if (topic == null) {
                    topic = new DeleteRecordsResponseData.DeleteRecordsTopicResult().setName(tp.topic());
                    out.topics().add(topic);
                }
                topic.partitions().add(new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                        .setPartitionIndex(tp.partition()).setLowWatermark(r.lowWatermark()).setErrorCode(r.error().code()));
            });
            return out;
        });
    }
}
