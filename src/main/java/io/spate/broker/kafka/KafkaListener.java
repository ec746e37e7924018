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
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The Kafka-protocol listener: a {@link RequestListener} whose connections answer in request order
 * (Kafka's rule), serving the APIs and versions listed in {@link #apis} (docs/kafka-compatibility.md).
 */
public final class KafkaListener {
    /** Incremental fetch sessions kept per node (Kafka's max.incremental.fetch.session.cache.slots default). */
    static final int MAX_FETCH_SESSIONS = 1_000;

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
     * librdkafka 2.0.2, and the newest versions of kafka-clients 4.1 (topics by id: Produce 13, Fetch 13+).
     */
    static KafkaApis apis(Broker broker, GroupCoordinator groups, io.spate.txn.TransactionCoordinator transactions,
                          Supplier<List<KafkaNode>> nodes, KafkaNodeConfig config) {
        KafkaApis apis = new KafkaApis();
        MetadataApis metadata = new MetadataApis(broker, nodes, apis);
        ProduceApi produce = new ProduceApi(broker);
        FetchApis fetch = new FetchApis(broker, new FetchSessions(MAX_FETCH_SESSIONS));
        TopicConfigs configs = new TopicConfigs(broker);
        AdminApis admin = new AdminApis(broker, configs, config);
        ConfigApis configApis = new ConfigApis(broker, configs, config);
        ClusterApis cluster = new ClusterApis(broker, nodes, config);
        ReassignmentApis reassignments = new ReassignmentApis(broker);
        GroupApis group = new GroupApis(broker, groups, nodes);
        GroupOffsetApis offsets = new GroupOffsetApis(broker.directory(), groups);
        TxnApis txn = new TxnApis(broker, groups, transactions);
        TxnPartitionApis txnPartitions = new TxnPartitionApis(broker.txnMarkers());
        return apis
                .add(ApiKeys.API_VERSIONS, 0, 4, metadata::apiVersions)
                .add(ApiKeys.METADATA, 0, 13, metadata::metadata)
                .add(ApiKeys.PRODUCE, 3, 13, produce::produce)
                .add(ApiKeys.FETCH, 4, 17, fetch::fetch)
                .add(ApiKeys.LIST_OFFSETS, 1, 8, fetch::listOffsets)
                .add(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 2, 4, fetch::offsetForLeaderEpoch)
                .add(ApiKeys.CREATE_TOPICS, 2, 7, admin::createTopics)
                .add(ApiKeys.FIND_COORDINATOR, 0, 6, group::findCoordinator)
                .add(ApiKeys.JOIN_GROUP, 0, 9, group::joinGroup)
                .add(ApiKeys.SYNC_GROUP, 0, 5, group::syncGroup)
                .add(ApiKeys.HEARTBEAT, 0, 4, group::heartbeat)
                .add(ApiKeys.LEAVE_GROUP, 0, 5, group::leaveGroup)
                // v10 names topics by id (KIP-848 follow-up); kafka-clients' classic consumer sends v9 at most
                .add(ApiKeys.OFFSET_COMMIT, 2, 9, offsets::offsetCommit)
                .add(ApiKeys.OFFSET_FETCH, 1, 9, offsets::offsetFetch)
                .add(ApiKeys.OFFSET_DELETE, 0, 0, offsets::offsetDelete)
                .add(ApiKeys.LIST_GROUPS, 0, 5, group::listGroups)
                .add(ApiKeys.DESCRIBE_GROUPS, 0, 6, group::describeGroups)
                .add(ApiKeys.DELETE_GROUPS, 0, 2, group::deleteGroups)
                .add(ApiKeys.INIT_PRODUCER_ID, 0, 5, txn::initProducerId)
                .add(ApiKeys.ADD_PARTITIONS_TO_TXN, 0, 3, txn::addPartitionsToTxn)
                .add(ApiKeys.ADD_OFFSETS_TO_TXN, 0, 4, txn::addOffsetsToTxn)
                .add(ApiKeys.END_TXN, 0, 4, txn::endTxn)
                .add(ApiKeys.TXN_OFFSET_COMMIT, 0, 4, txn::txnOffsetCommit)
                .add(ApiKeys.DESCRIBE_TRANSACTIONS, 0, 0, txn::describeTransactions)
                .add(ApiKeys.LIST_TRANSACTIONS, 0, 1, txn::listTransactions)
                .add(ApiKeys.DESCRIBE_PRODUCERS, 0, 0, txnPartitions::describeProducers)
                .add(ApiKeys.WRITE_TXN_MARKERS, 1, 1, txnPartitions::writeTxnMarkers)
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
}
