package io.spate.broker.node;

import com.hazelcast.core.HazelcastInstance;
import io.spate.broker.core.Broker;
import io.spate.broker.core.InternalTopicLog;
import io.spate.broker.core.PartitionWriter;
import io.spate.broker.core.TopicAdmin;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDirectory;
import io.spate.broker.core.TopicManager;
import io.spate.broker.core.TopicNames;
import io.spate.broker.replica.ClusterTopicSync;
import io.spate.broker.replica.IsrUpdater;
import io.spate.broker.replica.ReplicaManager;
import io.spate.broker.topic.ClusterTopicAdmin;
import io.spate.broker.topic.ClusterTopicDirectory;
import io.spate.broker.topic.LocalTopicAdmin;
import io.spate.broker.topic.LocalTopicDirectory;
import io.spate.broker.wire.NativeListener;
import io.spate.broker.wire.RequestListener;
import io.spate.cluster.ClusterMembership;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.ClusteredVertx;
import io.spate.cluster.Controller;
import io.spate.cluster.HazelcastMembership;
import io.spate.cluster.NodeIdentity;
import io.spate.cluster.NodeRegistrar;
import io.spate.cluster.raft.MetadataQuorum;
import io.spate.common.FatalErrors;
import io.spate.common.Time;
import io.spate.group.GroupCoordinator;
import io.spate.log.LogConfig;
import io.spate.protocol.ErrorCode;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One running node: the data directory's logs, the topics, the request logic and the native
 * listener, started in that order and stopped in reverse.
 *
 * <p>Lifecycle: STARTING → SERVING → STOPPING → STOPPED; {@link #close()} answers what is in
 * flight, flushes and closes every log and writes the clean-shutdown marker.
 *
 * <p>Time: the node reads the clock only through the {@link Time} it is started with
 * ({@link Time#SYSTEM} unless told otherwise) and hands it to the logs, the group coordinator, the
 * fetches, the replica fetchers and the cluster registration.
 */
public final class SpateNode {
    private static final System.Logger LOG = System.getLogger(SpateNode.class.getName());

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HazelcastInstance hazelcast;
    private final Time time;
    private BrokerConfig config; // node.id resolved once started
    private HazelcastMembership membership;
    private ClusterMetadata metadata;
    private Controller controller;
    private NodeRegistrar registrar;
    private io.spate.txn.ProducerIdManager producerIds; // made once, on the start context
    private TopicAdmin admin;
    private ClusterTopicSync sync; // clustered nodes only
    private ReplicaManager replicas; // clustered nodes only
    private long isrTimer = -1;
    private TopicManager topics;
    private RequestListener listener;
    private volatile RequestListener kafkaListener;
    private long flushTimer = -1;
    private long retentionTimer = -1;
    private long checkpointTimer = -1;
    private long cleanerTimer = -1;
    private long offsetExpiryTimer = -1;
    private long producerExpiryTimer = -1;
    private long txnTimer = -1;
    private GroupCoordinator groups;
    private io.spate.txn.TransactionCoordinator transactions;
    private io.spate.broker.wire.NetworkTxnMarkerSender markerSender;

    private SpateNode(Vertx vertx, boolean ownsVertx, BrokerConfig config, HazelcastInstance hazelcast, Time time) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
        this.hazelcast = hazelcast;
        this.time = time;
    }

    /** {@link #start(BrokerConfig, Time)} on the system clock. */
    public static Future<SpateNode> start(BrokerConfig config) {
        return start(config, Time.SYSTEM);
    }

    /**
     * Starts a node on its own Vert.x instance, which it closes on {@link #close()}; with
     * {@code cluster.enabled} that instance is a Hazelcast member that joins the others. The node
     * reads the clock through {@code time}. First, on the caller's thread, {@link StartChecks}: a
     * taken listener address or an unusable data directory fails the start before anything is created.
     */
    public static Future<SpateNode> start(BrokerConfig config, Time time) {
        try {
            StartChecks.check(config);
        } catch (NodeStartException e) {
            return Future.failedFuture(e);
        }
        if (config.cluster().enabled()) {
            return ClusteredVertx.start(config.cluster()).compose(cv -> start(cv.vertx(), true, config, cv.hazelcast(), time)
                    .onFailure(err -> cv.vertx().close()));
        }
        Vertx vertx = Vertx.builder().with(new VertxOptions()).build();
        return start(vertx, true, config, null, time).onFailure(err -> vertx.close());
    }

    /** Starts a single node on a Vert.x instance owned by the caller (tests run several per JVM). */
    public static Future<SpateNode> start(Vertx vertx, BrokerConfig config) {
        if (config.cluster().enabled()) {
            return Future.failedFuture(new IllegalArgumentException("a clustered node owns its Vert.x instance"));
        }
        try {
            StartChecks.check(config);
        } catch (NodeStartException e) {
            return Future.failedFuture(e);
        }
        return start(vertx, false, config, null, Time.SYSTEM);
    }

    private static Future<SpateNode> start(Vertx vertx, boolean owns, BrokerConfig config, HazelcastInstance hz,
                                           Time time) {
        if (owns) {
            // an OutOfMemoryError on an event loop or in a handler reaches here, not a thread's death
            vertx.exceptionHandler(err -> {
                FatalErrors.haltIfFatal(err);
                LOG.log(System.Logger.Level.ERROR, "unhandled exception", err);
            });
        }
        SpateNode node = new SpateNode(vertx, owns, config, hz, time);
        return node.doStart().map(node);
    }

    private Future<Void> doStart() {
        return resolveIdentity()
                .compose(v -> openTopics())
                .compose(v -> ensureOffsetsTopic())
                .compose(v -> {
                    groups = GroupCoordinator.create(LoopContext.create(vertx).asContext(), config.groups(),
                            new InternalTopicLog(topics, directory(() -> 0), TopicNames.CONSUMER_OFFSETS,
                                    config.groups().offsetsTopicNumPartitions()),
                            time);
                    // served only once every group is rebuilt: a ready node never answers LOAD_IN_PROGRESS
                    return sync == null ? groups.loadAll() : sync.attach(groups);
                })
                .compose(v -> startTransactionCoordinator())
                .compose(v -> NativeListener.start(vertx, this::newBroker,
                        groups, transactions, config.listenerOptions(), listenerShared(), time))
                .compose(l -> {
                    listener = l;
                    return startKafkaListener();
                })
                // both listeners bound: the registration names the two, so every node can answer Kafka clients with this one
                .compose(v -> membership == null ? Future.succeededFuture()
                        : membership.advertise(config.advertisedHost(), config.advertisedPort(listener.port()))
                                .compose(w -> registrar.register(config.advertisedHost(), config.advertisedPort(listener.port()),
                                        kafkaEndpoint(), config.cluster().joinTimeoutMs()))
                                .mapEmpty())
                .map(v -> {
                    offsetExpiryTimer = vertx.setPeriodic(config.groups().offsetsRetentionCheckIntervalMs(),
                            id -> groups.expireOffsets(time.milliseconds()));
                    flushTimer = vertx.setPeriodic(config.flushIntervalMs(), id -> topics.flushAll());
                    retentionTimer = vertx.setPeriodic(config.retentionCheckIntervalMs(),
                            id -> topics.applyRetention(time.milliseconds()));
                    checkpointTimer = vertx.setPeriodic(config.checkpointIntervalMs(), id -> topics.checkpointAll());
                    cleanerTimer = vertx.setPeriodic(config.cleanerIntervalMs(), id -> topics.cleanAll());
                    producerExpiryTimer = vertx.setPeriodic(config.producerIdExpirationCheckIntervalMs(),
                            id -> topics.expireProducers(time.milliseconds(), config.producerIdExpirationMs()));
                    txnTimer = vertx.setPeriodic(config.transactions().abortCheckIntervalMs(), id -> {
                        transactions.abortTimedOutTransactions(time.milliseconds());
                        transactions.expireTransactionalIds(time.milliseconds());
                    });
                    return (Void) null;
                })
                .recover(err -> closeComponents().transform(ignored -> Future.failedFuture(err)));
    }

    /**
     * A transaction marker committed in a partition led here: in a {@code __consumer_offsets} partition it
     * ends the producer's transactional offset commits there (applied on COMMIT, dropped on ABORT).
     */
    private void txnMarkerCommitted(io.spate.protocol.TopicPartition tp, long producerId, boolean committed) {
        if (tp.topic().equals(TopicNames.CONSUMER_OFFSETS)) {
            groups.completeTransaction(tp.partition(), producerId, committed).onFailure(e -> LOG.log(
                    System.Logger.Level.WARNING, "cannot end the transactional offsets of producer " + producerId + " in "
                            + tp + ": " + e));
        }
    }

    /**
     * The transaction coordinator (issue 16) over {@code __transaction_state}, sending markers to the
     * partitions' leaders over the native protocol; a single node loads every partition before it
     * serves, a clustered one those it leads, as they come.
     */
    private Future<Void> startTransactionCoordinator() {
        io.vertx.core.Context context = LoopContext.create(vertx).asContext();
        TopicDirectory directory = directory(() -> 0);
        // markers go to partition leaders, this node too: its own address is known once the listener is bound
        TopicDirectory leaders = directory(() -> listener == null ? 0 : listener.port());
        transactions = new io.spate.txn.TransactionCoordinator(context, config.transactions(),
                new InternalTopicLog(topics, directory, TopicNames.TRANSACTION_STATE,
                        config.transactions().stateLogNumPartitions()), producerIds(),
                markerSender = new io.spate.broker.wire.NetworkTxnMarkerSender(vertx, context, leaders), time);
        if (sync != null) {
            return sync.attach(transactions);
        }
        return loadAllTransactions();
    }

    /** A single node leads every partition of {@code __transaction_state}: loads them all, if it exists. */
    private Future<Void> loadAllTransactions() {
        io.spate.cluster.TopicState t = directory(() -> 0).topic(TopicNames.TRANSACTION_STATE);
        return t == null ? Future.succeededFuture() : transactions.loadAll(p -> t.partitions().get(p).leaderEpoch());
    }

    private final java.util.concurrent.atomic.AtomicBoolean creatingTransactionState = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Creates {@code __transaction_state} when the first transactional id's coordinator is looked for
     * (Kafka's way: a cluster that never sees a transaction never hosts its 50 partitions). One
     * creation at a time; a single node then loads its partitions, a cluster's nodes load theirs as
     * the metadata names them leaders.
     */
    private void createTransactionState() {
        if (!creatingTransactionState.compareAndSet(false, true)) {
            return;
        }
        ensureTransactionStateTopic()
                .compose(v -> sync == null ? loadAllTransactions() : Future.succeededFuture())
                .onComplete(ar -> {
                    creatingTransactionState.set(false);
                    if (ar.failed()) {
                        LOG.log(System.Logger.Level.WARNING, "cannot create " + TopicNames.TRANSACTION_STATE, ar.cause());
                    }
                });
    }

    /** The core a listener serves through; {@code port} is the native listener's, which the directory advertises. */
    private Broker newBroker(java.util.function.IntSupplier port) {
        Broker broker = new Broker(config.autoCreateTopics(), topics, admin, directory(port), time, producerIds());
        broker.addTxnMarkerListener(this::txnMarkerCommitted);
        broker.onTransactionStateMissing(this::createTransactionState);
        return broker;
    }

    /** The Kafka-protocol listener (issue 17), unless {@code kafka.listener.port=-1}. */
    private Future<Void> startKafkaListener() {
        if (!config.kafkaListener().enabled()) {
            return Future.succeededFuture();
        }
        return io.spate.broker.kafka.KafkaListener.start(vertx, kafkaPort -> newBroker(listener::port), groups, transactions,
                this::kafkaNodes, new io.spate.broker.kafka.KafkaNodeConfig(config.describe(), BrokerConfig.defaults().describe()),
                config.kafkaListenerOptions(), listenerShared(), time).map(l -> {
                    kafkaListener = l;
                    return null;
                });
    }

    /**
     * The live nodes as Kafka clients reach them: on a cluster every live node whose registration
     * names a Kafka listener (a node without one is left out, so Kafka clients see its partitions
     * without a leader), alone this node's Kafka listener.
     */
    private java.util.List<io.spate.broker.kafka.KafkaNode> kafkaNodes() {
        if (membership != null) {
            return membership.liveNodes().stream().filter(n -> n.kafka() != null)
                    .map(n -> new io.spate.broker.kafka.KafkaNode(n.nodeId(), n.kafka().host(), n.kafka().port(), n.rack()))
                    .toList();
        }
        io.spate.cluster.Endpoint self = kafkaEndpoint();
        return self == null ? java.util.List.of() : java.util.List.of(new io.spate.broker.kafka.KafkaNode(config.nodeId(),
                self.host(), self.port(), config.cluster().rack()));
    }

    /** Where Kafka clients reach this node's Kafka listener (advertised host and port), null without one. */
    private io.spate.cluster.Endpoint kafkaEndpoint() {
        RequestListener l = kafkaListener;
        KafkaListenerConfig k = config.kafkaListener();
        return l == null ? null : new io.spate.cluster.Endpoint(k.advertisedHost(), k.advertisedPort(l.port()));
    }

    private RequestListener.Shared listenerShared;

    /** The request memory bound and connection limits every listener of this node counts against. */
    private RequestListener.Shared listenerShared() {
        if (listenerShared == null) {
            listenerShared = new RequestListener.Shared(config.listenerOptions(), time, this::isClusterNode);
        }
        return listenerShared;
    }

    /**
     * This node's producer ids (issue 16): blocks claimed through the metadata quorum on a cluster, in
     * {@code meta/producer-ids.json} on a single node. One manager for every listener.
     */
    private io.spate.txn.ProducerIdManager producerIds() {
        if (producerIds == null) {
            producerIds = new io.spate.txn.ProducerIdManager(LoopContext.create(vertx).asContext(), metadata != null
                    ? new io.spate.broker.topic.QuorumProducerIdBlocks(metadata)
                    : new io.spate.txn.FileProducerIdBlocks(vertx, config.dataDir()));
        }
        return producerIds;
    }

    /**
     * Whether {@code host} is the advertised host of another live node of the cluster: its replica
     * fetchers' connections are not counted against the connection limits. Advertised hosts that are
     * names, not addresses, do not match (the listener sees addresses).
     */
    private boolean isClusterNode(String host) {
        return membership != null && membership.liveNodes().stream()
                .anyMatch(n -> n.nodeId() != config.nodeId() && n.host().equals(host));
    }

    /**
     * Settles {@code node.id}: the data dir's stored id, else the configured one, else 1 alone or the
     * smallest free id of the cluster; a clustered node registers under it (waiting for a majority
     * of {@code cluster.size}). The data dir remembers the id from then on.
     */
    private Future<Void> resolveIdentity() {
        NodeIdentity identity = new NodeIdentity(config.dataDir());
        String clusterName = config.cluster().name();
        int configured = config.nodeId();
        Future<OptionalInt> stored = vertx.executeBlocking(() -> identity.stored(configured, clusterName));
        return stored.compose(st -> {
            int wanted = st.isPresent() ? st.getAsInt() : configured;
            Future<Integer> id = hazelcast == null
                    ? Future.succeededFuture(wanted == NodeIdentity.AUTO ? 1 : wanted)
                    : HazelcastMembership.join(vertx, hazelcast, wanted, config.advertisedHost(), config.cluster(), time)
                            .map(m -> {
                                membership = m;
                                return m.localNodeId();
                            });
            return id.compose(n -> {
                config = config.withNodeId(n);
                return st.isPresent() ? Future.succeededFuture()
                        : vertx.<Void>executeBlocking(() -> {
                            identity.store(n, clusterName);
                            return null;
                        });
            });
        }).compose(v -> hazelcast == null ? Future.succeededFuture() : startQuorum());
    }

    /**
     * A clustered node's metadata is the Raft quorum of {@code cluster.voters}, its leader the
     * controller; Hazelcast says who is live and carries the event bus (docs/cluster.md).
     */
    private Future<Void> startQuorum() {
        return MetadataQuorum.start(vertx, config.nodeId(), config.cluster().voters(), config.dataDir(),
                () -> membership.presentNodes().stream().map(n -> n.nodeId()).collect(java.util.stream.Collectors.toSet()),
                config.quorumOptions(),
                java.time.Duration.ofMillis(config.cluster().joinTimeoutMs()), time).compose(q -> {
                    metadata = q;
                    // live: present, and registered in the committed image under this very process
                    membership.adoptRegistrations(q.current().nodes());
                    q.onChange(image -> membership.adoptRegistrations(image.nodes()));
                    controller = new Controller(vertx, membership, metadata, q.controllerRole());
                    controller.start(config.cluster().leaderImbalanceCheckIntervalMs());
                    registrar = new NodeRegistrar(vertx, q, membership, config.cluster().rack(), time).watch();
                    return registrar.register(config.advertisedHost(), 0, config.cluster().joinTimeoutMs());
                }).mapEmpty();
    }

    /** The cluster's metadata as this node follows it; empty for a node that is not clustered. */
    public java.util.Optional<ClusterMetadata> clusterMetadata() {
        return java.util.Optional.ofNullable(metadata);
    }

    /** The cluster's view of live nodes and controller; empty for a node that is not clustered. */
    public java.util.Optional<ClusterMembership> membership() {
        return java.util.Optional.ofNullable(membership);
    }

    /** The fault-injection point of this clustered node's replica fetchers, for tests; empty for a single node. */
    public java.util.Optional<io.spate.replication.ReplicaFetchProbe> replicaFetchProbe() {
        return java.util.Optional.ofNullable(replicas).map(ReplicaManager::probe);
    }

    /** The node id this node runs under. */
    public int nodeId() {
        return config.nodeId();
    }

    /**
     * A single node opens the logs its catalogue lists and changes its own topics; a clustered node
     * opens the replicas the cluster's metadata gives it, changes topics through that metadata, and
     * follows every change of it from then on.
     */
    private Future<Void> openTopics() {
        if (metadata == null) {
            return TopicManager.open(vertx, config.dataDir(), config.topicDefaults(), config.flushPolicy(), time,
                    config.maxBrokerPartitions()).map(tm -> {
                topics = tm;
                admin = new LocalTopicAdmin(tm, config.newTopicDefaults(), config.nodeId());
                return null;
            });
        }
        return TopicManager.open(vertx, config.dataDir(), config.topicDefaults(), config.flushPolicy(), time,
                        config.maxBrokerPartitions(), ClusterTopicSync.catalogue(metadata.current(), config.nodeId()))
                .compose(tm -> {
                    topics = tm;
                    admin = new ClusterTopicAdmin(metadata, membership, config.newTopicDefaults(), config.cluster().size(),
                            config.maxBrokerPartitions());
                    replicas = new ReplicaManager(vertx, config.nodeId(), config.replicaFetch(), time);
                    ClusterTopicDirectory directory = new ClusterTopicDirectory(membership, metadata, config.cluster().name());
                    sync = new ClusterTopicSync(tm, config.nodeId(), directory::liveNode, replicas,
                            new IsrUpdater(metadata, config.nodeId(),
                                    id -> membership.liveNodes().stream().anyMatch(n -> n.nodeId() == id)), config.replicaLagTimeMaxMs(),
                            // a node that lost the quorum's lease stops acting as leader (issue 15)
                            metadata instanceof MetadataQuorum q ? q.fence()
                                    : io.spate.replication.PartitionLeadership.NEVER_FENCED);
                    isrTimer = vertx.setPeriodic(Math.max(1, config.replicaLagTimeMaxMs() / 2),
                            id -> tm.topics().forEach(t -> t.hosted().forEach(PartitionWriter::checkIsr)));
                    metadata.onChange(sync::apply);
                    // a leader that advertises its listener (or comes back elsewhere) is followed from then on
                    membership.onChange(() -> sync.apply(metadata.current()));
                    return sync.apply(metadata.current());
                });
    }

    /**
     * Creates {@code __consumer_offsets} (compacted) at the first start. An existing one keeps its
     * partition count: groups are mapped to partitions by hash, so changing it would orphan offsets.
     * Its replication factor is the internal topics' default (at least 3, capped at cluster.size).
     */
    private Future<Void> ensureOffsetsTopic() {
        return ensureInternalTopic(TopicNames.CONSUMER_OFFSETS, config.groups().offsetsTopicNumPartitions(),
                io.spate.group.GroupConfig.OFFSETS_TOPIC_NUM_PARTITIONS, -1, config.offsetsTopicSegmentBytes());
    }

    /**
     * Creates {@code __transaction_state} (compacted) unless it exists, as the offsets topic: an
     * existing one keeps its partition count (ids are mapped by hash); its replication factor is
     * transaction.state.log.replication.factor capped at cluster.size (a cluster waits for that many
     * live nodes), 1 on a single node.
     */
    private Future<Void> ensureTransactionStateTopic() {
        io.spate.txn.TxnConfig txn = config.transactions();
        int rf = metadata == null ? -1 : Math.max(1, Math.min(txn.stateLogReplicationFactor(), config.cluster().size()));
        return ensureInternalTopic(TopicNames.TRANSACTION_STATE, txn.stateLogNumPartitions(),
                io.spate.txn.TxnConfig.STATE_LOG_NUM_PARTITIONS, rf, txn.stateLogSegmentBytes());
    }

    /**
     * Creates internal topic {@code name} (compacted, {@code wanted} partitions, replication factor
     * {@code rf}, -1 for the default) unless it exists; an existing one keeps its partition count.
     * On a cluster with fewer live nodes than replicas it is created once they are.
     */
    private Future<Void> ensureInternalTopic(String name, int wanted, String partitionsKey, int rf, int segmentBytes) {
        int existing = metadata != null ? partitionsOf(metadata.current().topic(name))
                : topics.topic(name) == null ? -1 : topics.topic(name).partitions().size();
        if (existing >= 0) {
            if (existing != wanted) {
                LOG.log(System.Logger.Level.WARNING, name + " keeps its " + existing + " partitions; "
                        + partitionsKey + "=" + wanted + " is ignored");
            }
            return Future.succeededFuture();
        }
        Map<String, String> configs = Map.of(LogConfig.CLEANUP_POLICY, LogConfig.CLEANUP_POLICY_COMPACT,
                LogConfig.SEGMENT_BYTES, String.valueOf(segmentBytes));
        return admin.createTopics(List.of(new TopicCreation(name, wanted, rf, configs)), false)
                .compose(results -> {
                    ErrorCode error = results.get(0).error();
                    if (error == ErrorCode.NONE || error == ErrorCode.TOPIC_ALREADY_EXISTS) {
                        return Future.succeededFuture();
                    }
                    if (error == ErrorCode.INVALID_REPLICATION_FACTOR && membership != null) {
                        // fewer nodes live than the topic's replicas: created once they are (its coordinator waits meanwhile)
                        LOG.log(System.Logger.Level.INFO, name + " waits for more live nodes: " + results.get(0).errorMessage());
                        awaitInternalTopicNodes(name, () -> ensureInternalTopic(name, wanted, partitionsKey, rf, segmentBytes));
                        return Future.succeededFuture();
                    }
                    return Future.failedFuture(new IllegalStateException("cannot create " + name + ": "
                            + results.get(0).errorMessage()));
                });
    }

    private final java.util.Set<String> internalTopicsAwaited = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Tries to create internal topic {@code name} again at every membership change until it exists. */
    private void awaitInternalTopicNodes(String name, java.util.function.Supplier<Future<Void>> create) {
        if (!internalTopicsAwaited.add(name)) {
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean trying = new java.util.concurrent.atomic.AtomicBoolean();
        membership.onChange(() -> {
            if (metadata.current().topic(name) == null && trying.compareAndSet(false, true)) {
                create.get().onComplete(ar -> trying.set(false));
            }
        });
    }

    private TopicDirectory directory(java.util.function.IntSupplier listenerPort) {
        return sync == null ? new LocalTopicDirectory(topics, config.nodeId(), config.advertisedHost(),
                () -> config.advertisedPort(listenerPort.getAsInt()))
                : new ClusterTopicDirectory(membership, metadata, config.cluster().name());
    }

    private static int partitionsOf(io.spate.cluster.TopicState t) {
        return t == null ? -1 : t.partitions().size();
    }

    public BrokerConfig config() {
        return config;
    }

    /** The port the native listener is bound to (the real one when the config said 0). */
    public int port() {
        return listener.port();
    }

    /** {@code host:port} Kafka clients should use (the advertised one), or null without a Kafka listener. */
    public String kafkaAddress() {
        io.spate.cluster.Endpoint e = kafkaEndpoint();
        return e == null ? null : e.toString();
    }

    /** The bound port of this node's Kafka listener (issue 17), -1 when it runs none. */
    public int kafkaPort() {
        return kafkaListener == null ? -1 : kafkaListener.port();
    }

    /** {@code host:port} clients should use (the advertised port, when one is set). */
    public String address() {
        return config.advertisedHost() + ":" + config.advertisedPort(port());
    }

    /** The native listener's resource figures (queued request bytes, connections, refusals). */
    public io.spate.broker.wire.ListenerStats listenerStats() {
        return listener.stats();
    }

    public TopicManager topics() {
        return topics;
    }

    /** Stops serving, answers what is in flight, flushes and closes every log. */
    public Future<Void> close() {
        LOG.log(System.Logger.Level.INFO, "spate node " + config.nodeId() + " stopping");
        return closeOpened();
    }

    private Future<Void> closeOpened() {
        Future<Void> f = closeComponents();
        return ownsVertx ? f.transform(ar -> vertx.close().transform(ignored -> ar.succeeded()
                ? Future.succeededFuture() : Future.failedFuture(ar.cause()))) : f;
    }

    /** Stops what was started, in reverse order; leaves the Vert.x instance alone. */
    private Future<Void> closeComponents() {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(retentionTimer);
        vertx.cancelTimer(checkpointTimer);
        vertx.cancelTimer(cleanerTimer);
        vertx.cancelTimer(offsetExpiryTimer);
        vertx.cancelTimer(producerExpiryTimer);
        vertx.cancelTimer(txnTimer);
        vertx.cancelTimer(isrTimer);
        Future<Void> f = kafkaListener == null ? Future.succeededFuture() : kafkaListener.close(config.shutdownTimeoutMs());
        f = f.transform(ignored -> listener == null ? Future.succeededFuture() : listener.close(config.shutdownTimeoutMs()));
        // no follower appends while the logs close
        f = f.transform(ignored -> replicas != null ? replicas.close() : Future.succeededFuture());
        // after the listener: no request can reach the coordinator any more; before the logs it writes to
        f = f.transform(ignored -> groups != null ? groups.close() : Future.succeededFuture());
        f = f.transform(ignored -> transactions != null ? transactions.close() : Future.succeededFuture());
        f = f.transform(ignored -> markerSender != null ? markerSender.close() : Future.succeededFuture());
        f = f.transform(ignored -> {
            return topics != null ? topics.close() : Future.succeededFuture();
        });
        if (controller != null) {
            controller.close();
        }
        if (metadata != null) {
            f = f.transform(ignored -> metadata.close());
        }
        if (membership != null) {
            f = f.andThen(ignored -> membership.close());
        }
        return f;
    }
}
