package io.spate.client;

import io.netty.buffer.ByteBuf;
import io.spate.client.internal.admin.GroupAdmin;
import io.spate.client.internal.admin.TransactionAdmin;
import io.spate.client.internal.admin.ReassignmentAdmin;
import io.spate.client.internal.admin.TopicDescriber;
import io.spate.client.internal.network.ClientRuntime;
import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.client.internal.network.NetworkConfig;
import io.spate.client.internal.network.OffsetLookup;
import io.spate.protocol.ApiKey;
import io.spate.protocol.CreatePartitionsRequest;
import io.spate.protocol.CreatePartitionsResponse;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.CreateTopicsResponse;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.DeleteTopicsResponse;
import io.spate.protocol.DescribeConfigsRequest;
import io.spate.protocol.DescribeConfigsResponse;
import io.spate.protocol.DescribeQuorumRequest;
import io.spate.protocol.DescribeQuorumResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.IncrementalAlterConfigsRequest;
import io.spate.protocol.IncrementalAlterConfigsResponse;
import io.spate.protocol.Message;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicResult;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Manages topics and consumer groups, and looks at the cluster. Every call returns a Future; a failure is a
 * {@link SpateException} carrying the broker's {@link ErrorCode} and message (for many topics:
 * the first failure, with every failed topic named). Retriable errors (a moved controller, a lost
 * connection) are retried with backoff up to {@code default.api.timeout.ms}.
 *
 * <p>Threading: every method may be called from any thread; the work and the returned Futures run
 * on the admin's own event-loop context.
 */
public final class SpateAdmin {
    /** {@link #listOffsets} spec for the log start offset. */
    public static final long EARLIEST = -2L;
    /** {@link #listOffsets} spec for the high watermark. */
    public static final long LATEST = -1L;

    private final ClientRuntime runtime;
    private final LoopContext context;
    private final AdminConfig config;
    private final NetworkClient network;
    private final GroupAdmin groups;
    private final ReassignmentAdmin reassignments;
    private final TransactionAdmin transactions;
    private final Promise<Void> done = Promise.promise();
    /** Written on the context only; read anywhere so calls after close never need the (maybe closed) context. */
    private volatile boolean closed;

    private SpateAdmin(ClientRuntime runtime, AdminConfig config) {
        this.runtime = runtime;
        this.config = config;
        this.context = runtime.context;
        this.network = runtime.network;
        this.groups = new GroupAdmin(network, config);
        this.reassignments = new ReassignmentAdmin(network, config);
        this.transactions = new TransactionAdmin(network, config);
    }

    /** An admin on {@code vertx} (which the caller keeps and closes). Validates the config. */
    public static SpateAdmin create(Vertx vertx, AdminConfig config) {
        config.validate();
        return new SpateAdmin(ClientRuntime.on(vertx, NetworkConfig.of(config)), config);
    }

    /** An admin with a Vert.x instance of its own, closed by {@link #close()}. */
    public static SpateAdmin create(AdminConfig config) {
        config.validate();
        return new SpateAdmin(ClientRuntime.owned(NetworkConfig.of(config)), config);
    }

    public Future<Void> createTopic(String name, int partitions, Map<String, String> configs) {
        return createTopics(List.of(new NewTopic(name, partitions, (short) NewTopic.DEFAULT, configs)));
    }

    public Future<Void> createTopics(List<NewTopic> topics) {
        List<CreateTopicsRequest.Topic> list = new ArrayList<>();
        for (NewTopic t : topics) {
            List<CreateTopicsRequest.Config> configs = new ArrayList<>();
            new TreeMap<>(t.configs()).forEach((k, v) -> configs.add(new CreateTopicsRequest.Config(k, v)));
            list.add(new CreateTopicsRequest.Topic(t.name(), t.partitions(), t.replicationFactor(), configs));
        }
        CreateTopicsRequest request = new CreateTopicsRequest(list, config.getRequestTimeoutMs(), false);
        return toController(ApiKey.CREATE_TOPICS, request, CreateTopicsResponse::readFrom, CreateTopicsResponse::topics);
    }

    public Future<Void> deleteTopic(String name) {
        return deleteTopics(List.of(name));
    }

    public Future<Void> deleteTopics(Collection<String> names) {
        DeleteTopicsRequest request = new DeleteTopicsRequest(List.copyOf(names), config.getRequestTimeoutMs());
        return toController(ApiKey.DELETE_TOPICS, request, DeleteTopicsResponse::readFrom, DeleteTopicsResponse::topics);
    }

    /** Grows {@code name} to {@code newTotal} partitions. */
    public Future<Void> createPartitions(String name, int newTotal) {
        CreatePartitionsRequest request = new CreatePartitionsRequest(
                List.of(new CreatePartitionsRequest.Topic(name, newTotal)), config.getRequestTimeoutMs(), false);
        return toController(ApiKey.CREATE_PARTITIONS, request, CreatePartitionsResponse::readFrom,
                CreatePartitionsResponse::topics);
    }

    /** Sets the configs in {@code set} and removes the overrides named in {@code delete}, in one request. */
    public Future<Void> alterConfigs(String name, Map<String, String> set, Set<String> delete) {
        List<IncrementalAlterConfigsRequest.Op> ops = new ArrayList<>();
        new TreeMap<>(set).forEach((k, v) -> ops.add(
                new IncrementalAlterConfigsRequest.Op(k, IncrementalAlterConfigsRequest.OpType.SET, v)));
        delete.stream().sorted().forEach(k -> ops.add(
                new IncrementalAlterConfigsRequest.Op(k, IncrementalAlterConfigsRequest.OpType.DELETE, null)));
        IncrementalAlterConfigsRequest request = new IncrementalAlterConfigsRequest(
                List.of(new IncrementalAlterConfigsRequest.Topic(name, ops)), false);
        return toController(ApiKey.INCREMENTAL_ALTER_CONFIGS, request, IncrementalAlterConfigsResponse::readFrom,
                IncrementalAlterConfigsResponse::topics);
    }

    /** The effective configs of a topic, by name. */
    public Future<Map<String, TopicConfigEntry>> describeConfigs(String name) {
        return run(() -> describeConfigsNow(List.of(name)).map(m -> m.get(name)));
    }

    /** Topic names, sorted; internal topics left out. */
    public Future<List<String>> listTopics() {
        return listTopics(false);
    }

    public Future<List<String>> listTopics(boolean includeInternal) {
        return run(() -> metadata(null).map(m -> m.topics().stream()
                .filter(t -> includeInternal || !t.isInternal())
                .map(MetadataResponse.TopicMetadata::name).sorted().toList()));
    }

    public Future<ClusterDescription> describeCluster() {
        return run(() -> metadata(List.of()).map(m -> new ClusterDescription(m.clusterId(),
                m.controllerId(), m.brokers().stream().map(b -> new Node(b.nodeId(), b.host(), b.port(), b.rack()))
                .sorted((a, b) -> Integer.compare(a.id(), b.id())).toList())));
    }

    /**
     * The metadata quorum as the node this admin was pointed at sees it (its first bootstrap address
     * that answers; see {@link QuorumDescription}). Not retried: a node that does not answer fails it.
     */
    public Future<QuorumDescription> describeQuorum() {
        return run(() -> network.sendToBootstrap(ApiKey.DESCRIBE_QUORUM, new DescribeQuorumRequest(),
                DescribeQuorumResponse::readFrom).compose(SpateAdmin::quorumOf));
    }

    /** The metadata quorum as node {@code nodeId} (one of {@link #describeCluster()}'s) sees it. Not retried. */
    public Future<QuorumDescription> describeQuorum(int nodeId) {
        // the node's address comes from fresh metadata: health asks right after describing the cluster
        return run(() -> network.fetchMetadata(List.of()).compose(m -> network.send(nodeId, ApiKey.DESCRIBE_QUORUM,
                new DescribeQuorumRequest(), DescribeQuorumResponse::readFrom)).compose(SpateAdmin::quorumOf));
    }

    /**
     * Makes node {@code nodeId} a voter of the metadata quorum (a learner is promoted), through the node
     * this admin was pointed at (it forwards to the Raft leader); completes once the change committed,
     * fails with a {@link SpateException} naming the reason otherwise. Not retried.
     */
    public Future<Void> addVoter(int nodeId) {
        return voterChange(ApiKey.ADD_RAFT_VOTER, nodeId);
    }

    /** Takes voter {@code nodeId} out of the metadata quorum; as {@link #addVoter}. */
    public Future<Void> removeVoter(int nodeId) {
        return voterChange(ApiKey.REMOVE_RAFT_VOTER, nodeId);
    }

    private Future<Void> voterChange(ApiKey key, int nodeId) {
        return run(() -> network.sendToBootstrap(key, new io.spate.protocol.RaftVoterRequest(nodeId),
                io.spate.protocol.RaftVoterResponse::readFrom).compose(r -> r.error() == ErrorCode.NONE
                ? Future.<Void>succeededFuture()
                : Future.failedFuture(new SpateException(r.error(), r.errorMessage()))));
    }

    private static Future<QuorumDescription> quorumOf(DescribeQuorumResponse r) {
        if (r.error() != ErrorCode.NONE) {
            return Future.failedFuture(new SpateException(r.error(), r.errorMessage() != null ? r.errorMessage()
                    : "DescribeQuorum of node " + r.nodeId()));
        }
        return Future.succeededFuture(new QuorumDescription(r.nodeId(), r.quorumEnabled(), r.leaderId(), r.leaderEpoch(),
                r.voters(), r.leaseHeld(), r.lastContactAgeMs(), r.metadataEpoch(), r.learners(),
                r.followers().stream().map(f -> new QuorumDescription.Follower(f.nodeId(), f.lastContactAgeMs(), f.lag()))
                        .toList()));
    }

    public Future<TopicDescription> describeTopic(String name) {
        return describeTopics(List.of(name)).map(m -> m.get(name));
    }

    /** Partitions with leaders and log state (from each leader), and configs, per topic. */
    public Future<Map<String, TopicDescription>> describeTopics(Collection<String> names) {
        List<String> list = List.copyOf(names);
        return run(() -> metadata(list).compose(md -> {
            List<String> failed = new ArrayList<>();
            SpateException first = null;
            for (MetadataResponse.TopicMetadata t : md.topics()) {
                if (t.error() != ErrorCode.NONE) {
                    failed.add(topicReason(t.name(), t.error(), null));
                    first = first != null ? first : new SpateException(t.error(), t.name());
                }
            }
            if (first != null) {
                return Future.failedFuture(new SpateException(first.error(), String.join("; ", failed)));
            }
            return Future.all(describeConfigsNow(list), TopicDescriber.logDirs(network, md, list))
                    .map(all -> TopicDescriber.merge(md, all.resultAt(0), all.resultAt(1)));
        }));
    }

    /**
     * Offsets per partition for a spec each: {@link #EARLIEST}, {@link #LATEST}, or a timestamp (the
     * first offset whose record timestamp is at or after it; offset -1 when there is none).
     */
    public Future<Map<TopicPartition, OffsetAndTimestamp>> listOffsets(Map<TopicPartition, Long> specs) {
        Map<TopicPartition, Long> copy = Map.copyOf(specs);
        return run(() -> OffsetLookup.lookup(network, copy, deadline()).map(results -> {
            Map<TopicPartition, OffsetAndTimestamp> out = new HashMap<>();
            results.forEach((tp, p) -> out.put(tp, new OffsetAndTimestamp(p.offset(), p.timestamp())));
            return out;
        }));
    }

    /** Every consumer group of the cluster (each node lists the groups it coordinates), sorted by id. */
    public Future<List<GroupListing>> listGroups() {
        return run(groups::listGroups);
    }

    /**
     * State, chosen assignor and members (with their assigned partitions) of each group, in the order
     * given. A group nobody knows is described as {@link ConsumerGroupState#DEAD} with no members.
     */
    public Future<Map<String, GroupDescription>> describeGroups(Collection<String> groupIds) {
        List<String> ids = List.copyOf(groupIds);
        return run(() -> groups.describeGroups(ids));
    }

    /** The offsets {@code groupId} has committed, per partition, in partition order (empty for an unknown group). */
    public Future<Map<TopicPartition, CommittedOffset>> listGroupOffsets(String groupId) {
        return run(() -> groups.listGroupOffsets(groupId));
    }

    /**
     * Sets the group's committed offsets (an OffsetCommit from outside the group protocol). The
     * coordinator refuses it while the group has members: the Future fails with a
     * {@link SpateException} saying so (error UNKNOWN_MEMBER_ID, as the broker answers).
     */
    public Future<Void> alterGroupOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> copy = Map.copyOf(offsets);
        return run(() -> groups.alterGroupOffsets(groupId, copy));
    }

    /**
     * Deletes each group with its committed offsets. The Future fails only when a group could not
     * be asked at all; a refusal (NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND, ...) is
     * that group's {@link GroupDeletion}.
     */
    public Future<Map<String, GroupDeletion>> deleteGroups(Collection<String> groupIds) {
        List<String> ids = List.copyOf(groupIds);
        return run(() -> groups.deleteGroups(ids));
    }

    /** Deletes one group; a refusal fails the Future with the group's error ({@link GroupDeletion#exception()}). */
    public Future<Void> deleteGroup(String groupId) {
        return deleteGroups(List.of(groupId)).compose(m -> {
            GroupDeletion d = m.get(groupId);
            return d.deleted() ? Future.succeededFuture() : Future.failedFuture(d.exception());
        });
    }

    /**
     * Starts moving each partition to its target replicas (the first the preferred leader), or,
     * for an empty Optional, cancels its move in progress. The partitions stay online: new replicas
     * catch up from the leader, and once all are in sync the old ones are removed (and the leader
     * moves if it was one of them). Fails if any partition was refused, naming each; the others
     * were accepted.
     */
    public Future<Void> alterPartitionReassignments(Map<TopicPartition, java.util.Optional<List<Integer>>> moves) {
        Map<TopicPartition, java.util.Optional<List<Integer>>> copy = Map.copyOf(moves);
        return run(() -> reassignments.alter(copy));
    }

    /** The partitions being moved now. */
    public Future<Map<TopicPartition, PartitionReassignment>> listPartitionReassignments() {
        return run(reassignments::list);
    }

    private Future<Map<String, Map<String, TopicConfigEntry>>> describeConfigsNow(List<String> names) {
        return network.withRetries(() -> network.sendToAnyNode(ApiKey.DESCRIBE_CONFIGS,
                new DescribeConfigsRequest(names), DescribeConfigsResponse::readFrom), deadline(), "DescribeConfigs")
                .compose(resp -> {
                    Map<String, Map<String, TopicConfigEntry>> out = new HashMap<>();
                    for (DescribeConfigsResponse.TopicConfigs t : resp.topics()) {
                        if (t.error() != ErrorCode.NONE) {
                            return Future.failedFuture(new SpateException(t.error(), t.errorMessage() == null
                                    ? "topic " + t.name() : t.name() + ": " + t.errorMessage()));
                        }
                        Map<String, TopicConfigEntry> entries = new TreeMap<>();
                        t.configs().forEach(c -> entries.put(c.name(), new TopicConfigEntry(c.name(), c.value(),
                                c.isDefault())));
                        out.put(t.name(), entries);
                    }
                    return Future.succeededFuture(out);
                });
    }

    /**
     * Sends a request to the controller (learning who it is first), retrying while the per-topic or
     * request errors are retriable; fails with the first non-retriable per-topic error.
     */
    private <R> Future<Void> toController(ApiKey key, Message request, Function<ByteBuf, R> reader,
                                          Function<R, List<TopicResult>> results) {
        long timeout = (long) config.getRequestTimeoutMs() + config.getRequestTimeoutMs() / 2;
        return run(() -> network.withRetries(() -> {
            Future<?> known = network.metadata().controllerId() == Metadata.NO_NODE
                    ? network.fetchMetadata(List.of()) : Future.succeededFuture();
            return known.compose(v -> network.sendToController(key, request, reader, timeout)).compose(resp -> {
                List<TopicResult> r = results.apply(resp);
                // only a moved controller is worth another try; other topic errors are answers
                for (TopicResult t : r) {
                    if (t.error() == ErrorCode.NOT_CONTROLLER) {
                        network.requestMetadataRefresh();
                        return Future.failedFuture(new SpateException(t.error(), t.errorMessage()));
                    }
                }
                return Future.succeededFuture(r);
            });
        }, deadline(), key.name()).compose(this::checkResults));
    }

    /**
     * Fails with the first topic's error code and every failed topic's reason, in the broker's words
     * ("topic 'x' already exists"), each naming its topic; the request's name is left out: it is the
     * wire's, not the caller's.
     */
    private Future<Void> checkResults(List<TopicResult> results) {
        List<String> failed = new ArrayList<>();
        SpateException first = null;
        for (TopicResult r : results) {
            if (r.error() != ErrorCode.NONE) {
                failed.add(topicReason(r.name(), r.error(), r.errorMessage()));
                if (first == null) {
                    first = new SpateException(r.error(), r.errorMessage());
                }
            }
        }
        if (first == null) {
            return Future.succeededFuture();
        }
        return Future.failedFuture(new SpateException(first.error(), String.join("; ", failed)));
    }

    /** The broker's message when it names the topic, else {@code topic 'x': <message or the code's meaning>}. */
    private static String topicReason(String topic, ErrorCode error, String message) {
        if (error == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && message == null) {
            return "topic '" + topic + "' does not exist";
        }
        if (message != null && message.contains("'" + topic + "'")) {
            return message;
        }
        return "topic '" + topic + "': " + (message != null ? message : error.message());
    }

    private Future<MetadataResponse> metadata(List<String> names) {
        return network.withRetries(() -> network.fetchMetadata(names), deadline(), "Metadata");
    }

    private long deadline() {
        return network.nowMs() + config.getDefaultApiTimeoutMs();
    }

    /** Runs {@code work} on the admin's context; the result completes there. */
    private <T> Future<T> run(Supplier<Future<T>> work) {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("admin is closed"));
        }
        Promise<T> promise = context.promise();
        context.runOnContext(v -> {
            if (closed) {
                promise.fail(new IllegalStateException("admin is closed"));
                return;
            }
            try {
                work.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /**
     * The transactional ids of every node (ListTransactions) that pass the filters: states (empty:
     * any), producer ids (empty: any), open longer than {@code durationMs} (-1: any); sorted by id.
     */
    public Future<List<TransactionListing>> listTransactions(List<String> states, List<Long> producerIds,
                                                             long durationMs) {
        return run(() -> transactions.listTransactions(states, producerIds, durationMs));
    }

    /** A transactional id as its coordinator sees it (FindCoordinator key type 1, DescribeTransactions). */
    public Future<TransactionDescription> describeTransaction(String transactionalId) {
        return run(() -> transactions.describeTransaction(transactionalId));
    }

    /** The producers {@code tp}'s leader keeps state for (DescribeProducers). */
    public Future<List<ProducerState>> describeProducers(TopicPartition tp) {
        return run(() -> transactions.describeProducers(tp));
    }

    /**
     * Writes an ABORT marker for a producer's open transaction in {@code tp} (WriteTxnMarkers to its
     * leader): the operator's way out of a hanging transaction, as {@code kafka-transactions.sh abort}.
     */
    public Future<Void> abortTransaction(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch) {
        return run(() -> transactions.abortTransaction(tp, producerId, producerEpoch, coordinatorEpoch));
    }

    /** Closes the connections (and the own Vert.x instance, if any). Idempotent. */
    public Future<Void> close() {
        if (closed) {
            return done.future();
        }
        context.runOnContext(v -> {
            if (closed) {
                return;
            }
            closed = true;
            runtime.close(done);
        });
        return done.future();
    }
}
