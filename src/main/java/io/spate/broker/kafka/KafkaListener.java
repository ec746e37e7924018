package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.wire.ListenerOptions;
import io.spate.broker.wire.RequestListener;
import io.spate.common.Time;
import io.spate.group.GroupCoordinator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.InitProducerIdRequest;

/**
 * The Kafka-protocol listener: a {@link RequestListener} whose connections answer in request order
 * (Kafka's rule), serving the APIs and versions listed in {@link #apis} (docs/kafka-compatibility.md).
 */
public final class KafkaListener {
    private KafkaListener() {
    }

    /**
     * @param broker the protocol-free core, given this listener's bound port
     * @param nodes  the live nodes as Kafka clients must reach them (each one's Kafka listener)
     * @param config this node's configuration, as DescribeConfigs shows it
     */
    public static Future<RequestListener> start(Vertx vertx, Function<IntSupplier, Broker> broker, GroupCoordinator groups,
                                                io.spate.txn.TransactionCoordinator transactions,
                                                Supplier<List<KafkaNode>> nodes, KafkaNodeConfig config,
                                                ListenerOptions options, RequestListener.Shared shared, Time time) {
        return RequestListener.start(vertx, "kafka", port -> new KafkaFrames(apis(broker.apply(port), groups, transactions,
                nodes, config)), true, options, shared, time);
    }

    /**
     * What is served, by API: the version ranges cover kafka-clients 4.x, KafkaJS 2.2.4 and
     * librdkafka 2.0.2; Produce and Fetch stop below the versions that name topics by id.
     */
    static KafkaApis apis(Broker broker, GroupCoordinator groups, io.spate.txn.TransactionCoordinator transactions,
                          Supplier<List<KafkaNode>> nodes, KafkaNodeConfig config) {
        KafkaApis apis = new KafkaApis();
        MetadataApis metadata = new MetadataApis(broker, nodes, apis);
        ProduceApi produce = new ProduceApi(broker);
        FetchApis fetch = new FetchApis(broker);
        TopicConfigs configs = new TopicConfigs(broker);
        AdminApis admin = new AdminApis(broker, configs, config);
        ConfigApis configApis = new ConfigApis(broker, configs, config);
        ClusterApis cluster = new ClusterApis(broker, nodes, config);
        ReassignmentApis reassignments = new ReassignmentApis(broker);
        return apis
                .add(ApiKeys.API_VERSIONS, 0, 4, metadata::apiVersions)
                .add(ApiKeys.METADATA, 0, 12, metadata::metadata)
                .add(ApiKeys.PRODUCE, 3, 12, produce::produce)
                .add(ApiKeys.FETCH, 4, 12, fetch::fetch)
                .add(ApiKeys.LIST_OFFSETS, 1, 10, fetch::listOffsets)
                .add(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4, fetch::offsetForLeaderEpoch)
                .add(ApiKeys.INIT_PRODUCER_ID, 0, 5, request -> initProducerId(broker, request))
                .add(ApiKeys.CREATE_TOPICS, 2, 7, admin::createTopics)
                .add(ApiKeys.DELETE_TOPICS, 1, 6, admin::deleteTopics)
                .add(ApiKeys.CREATE_PARTITIONS, 0, 3, admin::createPartitions)
                .add(ApiKeys.DELETE_RECORDS, 0, 2, admin::deleteRecords)
                .add(ApiKeys.DESCRIBE_CONFIGS, 1, 4, configApis::describeConfigs)
                .add(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1, configApis::incrementalAlterConfigs)
                .add(ApiKeys.DESCRIBE_CLUSTER, 0, 2, cluster::describeCluster)
                .add(ApiKeys.DESCRIBE_LOG_DIRS, 1, 4, cluster::describeLogDirs)
                .add(ApiKeys.ELECT_LEADERS, 0, 2, cluster::electLeaders)
                .add(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, 0, 1, reassignments::alter)
                .add(ApiKeys.LIST_PARTITION_REASSIGNMENTS, 0, 0, reassignments::list);
    }

    /** InitProducerId of an idempotent producer (no transactional id): a fresh producer id at epoch 0. */
    private static Future<ApiMessage> initProducerId(Broker broker, KafkaRequest request) {
        InitProducerIdRequestData req = request.body(InitProducerIdRequest.class).data();
        return broker.initProducerId(req.transactionalId()).map(p -> new InitProducerIdResponseData()
                .setProducerId(p.producerId()).setProducerEpoch(p.epoch()));
    }
}
