package io.spate.broker.wire;

import io.netty.buffer.ByteBuf;
import io.spate.broker.core.Broker;
import io.spate.broker.core.ConfigChange;
import io.spate.broker.core.FetchPosition;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicOutcome;
import io.spate.broker.core.TopicView;
import io.spate.group.GroupCoordinator;
import io.spate.protocol.ApiVersionsRequest;
import io.spate.protocol.ApiVersionsResponse;
import io.spate.protocol.CreatePartitionsRequest;
import io.spate.protocol.CreatePartitionsResponse;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.CreateTopicsResponse;
import io.spate.protocol.DeleteGroupsRequest;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.DeleteTopicsResponse;
import io.spate.protocol.DescribeConfigsRequest;
import io.spate.protocol.DescribeConfigsResponse;
import io.spate.protocol.DescribeGroupsRequest;
import io.spate.protocol.DescribeLogDirsRequest;
import io.spate.protocol.DescribeLogDirsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.HeartbeatRequest;
import io.spate.protocol.IncrementalAlterConfigsRequest;
import io.spate.protocol.IncrementalAlterConfigsResponse;
import io.spate.protocol.JoinGroupRequest;
import io.spate.protocol.LeaveGroupRequest;
import io.spate.protocol.ListGroupsRequest;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.ListOffsetsResponse;
import io.spate.protocol.MalformedMessageException;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.RequestHeader;
import io.spate.protocol.SyncGroupRequest;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicResult;
import io.spate.protocol.Wire;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The native protocol's adapter: decodes a request body, calls the protocol-free {@link Broker},
 * and encodes its answer. Runs on the connection's context. A body that cannot be decoded fails
 * with {@link MalformedMessageException} (answered INVALID_REQUEST by the connection).
 */
final class NativeRequestHandler {
    private final Broker broker;
    private final GroupRequestHandler groups;
    private final ReassignmentRequestHandler reassignments;
    private final TxnMarkerRequestHandler txnMarkers;
    private final TxnRequestHandler transactions; // null: transactions are not served

    NativeRequestHandler(Broker broker, GroupCoordinator coordinator) {
        this(broker, coordinator, null);
    }

    /** @param transactions the transaction coordinator, or null on a node that serves no transactions */
    NativeRequestHandler(Broker broker, GroupCoordinator coordinator, io.spate.txn.TransactionCoordinator transactions) {
        this.txnMarkers = new TxnMarkerRequestHandler(broker.txnMarkers());
        this.broker = broker;
        this.groups = new GroupRequestHandler(coordinator, broker);
        this.reassignments = new ReassignmentRequestHandler(broker.admin(), broker.directory());
        this.transactions = transactions == null ? null : new TxnRequestHandler(transactions, coordinator, broker.directory());
    }

    /**
     * @param clientHost the peer's address, shown for group members ({@code /127.0.0.1})
     * @param closed     completes when the connection closes: a fetch still waiting is dropped
     */
    Future<Reply> handle(RequestHeader header, ByteBuf body, LoopContext context, String clientHost, Future<Void> closed) {
        return switch (header.apiKey()) {
            case API_VERSIONS -> {
                read(body, ApiVersionsRequest::readFrom);
                yield Future.succeededFuture(Reply.of(ApiVersionsResponse.allKnown()));
            }
            case METADATA -> metadata(read(body, MetadataRequest::readFrom));
            case PRODUCE -> produce(read(body, ProduceRequest::readFrom));
            case FETCH -> fetch(read(body, b -> FetchRequest.readFrom(b, header.apiVersion())), header.apiVersion(), context,
                    closed);
            case OFFSET_FOR_LEADER_EPOCH -> Future.succeededFuture(Reply.of(broker.leaderEpochEnds().handle(
                    read(body, io.spate.protocol.OffsetForLeaderEpochRequest::readFrom))));
            case LIST_OFFSETS -> listOffsets(read(body, b -> ListOffsetsRequest.readFrom(b, header.apiVersion())));
            case WRITE_TXN_MARKERS -> txnMarkers.write(read(body, io.spate.protocol.WriteTxnMarkersRequest::readFrom));
            case DESCRIBE_PRODUCERS -> txnMarkers.describeProducers(read(body,
                    io.spate.protocol.DescribeProducersRequest::readFrom));
            case CREATE_TOPICS -> createTopics(read(body, CreateTopicsRequest::readFrom));
            case DELETE_TOPICS -> deleteTopics(read(body, DeleteTopicsRequest::readFrom));
            case CREATE_PARTITIONS -> createPartitions(read(body, CreatePartitionsRequest::readFrom));
            case DESCRIBE_CONFIGS -> Future.succeededFuture(Reply.of(describeConfigs(read(body, DescribeConfigsRequest::readFrom))));
            case INCREMENTAL_ALTER_CONFIGS -> alterConfigs(read(body, IncrementalAlterConfigsRequest::readFrom));
            case DESCRIBE_LOG_DIRS -> describeLogDirs(read(body, DescribeLogDirsRequest::readFrom));
            case ALTER_PARTITION_REASSIGNMENTS -> reassignments.alter(read(body,
                    io.spate.protocol.AlterPartitionReassignmentsRequest::readFrom));
            case LIST_PARTITION_REASSIGNMENTS -> Future.succeededFuture(reassignments.list(read(body,
                    io.spate.protocol.ListPartitionReassignmentsRequest::readFrom)));
            case DESCRIBE_QUORUM -> {
                read(body, io.spate.protocol.DescribeQuorumRequest::readFrom);
                yield broker.directory().describeQuorum().map(q -> Reply.of(new io.spate.protocol.DescribeQuorumResponse(
                        ErrorCode.NONE, null, q.nodeId(), q.enabled(), q.leaderId(), q.leaderEpoch(), q.voters(),
                        q.leaseHeld(), q.lastContactAgeMs(), q.metadataEpoch(), q.learners(), q.followers().stream()
                        .map(f -> new io.spate.protocol.DescribeQuorumResponse.Follower(f.nodeId(), f.lastContactAgeMs(),
                                f.lag())).toList())));
            }
            case ADD_RAFT_VOTER, REMOVE_RAFT_VOTER -> changeVoter(read(body, io.spate.protocol.RaftVoterRequest::readFrom),
                    header.apiKey() == io.spate.protocol.ApiKey.ADD_RAFT_VOTER);
            case INIT_PRODUCER_ID -> initProducerId(read(body, io.spate.protocol.InitProducerIdRequest::readFrom));
            case ADD_PARTITIONS_TO_TXN, ADD_OFFSETS_TO_TXN, END_TXN, DESCRIBE_TRANSACTIONS, LIST_TRANSACTIONS ->
                    transactions == null ? Future.failedFuture(ErrorCode.UNSUPPORTED_VERSION.exception(
                            "api " + header.apiKey() + " is not served by this node"))
                            : transactions.handle(header.apiKey(), body);
            case FIND_COORDINATOR -> groups.findCoordinator(read(body, FindCoordinatorRequest::readFrom));
            case JOIN_GROUP -> groups.join(read(body, JoinGroupRequest::readFrom), header.clientId(), clientHost);
            case SYNC_GROUP -> groups.sync(read(body, SyncGroupRequest::readFrom));
            case HEARTBEAT -> groups.heartbeat(read(body, HeartbeatRequest::readFrom));
            case LEAVE_GROUP -> groups.leave(read(body, LeaveGroupRequest::readFrom));
            case OFFSET_COMMIT -> groups.commit(read(body, OffsetCommitRequest::readFrom));
            case OFFSET_FETCH -> groups.fetchOffsets(read(body, OffsetFetchRequest::readFrom));
            case TXN_OFFSET_COMMIT -> groups.txnCommit(read(body, io.spate.protocol.TxnOffsetCommitRequest::readFrom));
            case LIST_GROUPS -> groups.listGroups(read(body, ListGroupsRequest::readFrom));
            case DESCRIBE_GROUPS -> groups.describeGroups(read(body, DescribeGroupsRequest::readFrom));
            case DELETE_GROUPS -> groups.deleteGroups(read(body, DeleteGroupsRequest::readFrom));
            default -> Future.failedFuture(ErrorCode.UNSUPPORTED_VERSION.exception(
                    "api " + header.apiKey() + " is not served by this node yet"));
        };
    }

    /** Decodes a whole body: bytes left over after the message make it malformed too. */
    private static <T> T read(ByteBuf body, Function<ByteBuf, T> reader) {
        T message = reader.apply(body);
        Wire.requireFullyRead(body);
        return message;
    }

    /** InitProducerId: a new producer id and epoch, or the refusal's code and reason. */
    private Future<Reply> initProducerId(io.spate.protocol.InitProducerIdRequest req) {
        if (req.transactionalId() != null && transactions != null) {
            return transactions.initProducerId(req);
        }
        return broker.initProducerId(req.transactionalId())
                .map(p -> Reply.of(new io.spate.protocol.InitProducerIdResponse(ErrorCode.NONE, null, p.producerId(),
                        p.epoch())))
                .recover(err -> Future.succeededFuture(Reply.of(err instanceof io.spate.protocol.SpateException e
                        ? io.spate.protocol.InitProducerIdResponse.failed(e.error(), e.detail())
                        : io.spate.protocol.InitProducerIdResponse.failed(ErrorCode.UNKNOWN_SERVER_ERROR,
                        String.valueOf(err)))));
    }

    /** AddRaftVoter / RemoveRaftVoter: answered once the change committed, or with the refusal's code and reason. */
    private Future<Reply> changeVoter(io.spate.protocol.RaftVoterRequest req, boolean add) {
        return broker.directory().changeVoter(req.nodeId(), add)
                .map(v -> Reply.of(new io.spate.protocol.RaftVoterResponse(ErrorCode.NONE, null)))
                .recover(err -> Future.succeededFuture(Reply.of(err instanceof io.spate.protocol.SpateException e
                        ? new io.spate.protocol.RaftVoterResponse(e.error(), e.detail())
                        : new io.spate.protocol.RaftVoterResponse(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(err)))));
    }

    private Future<Reply> metadata(MetadataRequest req) {
        return broker.metadata(req.topics(), req.allowAutoTopicCreation()).map(views -> {
            boolean vouched = broker.directory().vouchesForLeaders(); // read once: one answer, one verdict
            List<MetadataResponse.TopicMetadata> topics = views.stream().map(v -> new MetadataResponse.TopicMetadata(
                    v.error(), v.name(), v.internal(), partitionsOf(v, vouched))).toList();
            List<MetadataResponse.Broker> nodes = broker.directory().liveNodes().stream()
                    .map(n -> new MetadataResponse.Broker(n.nodeId(), n.host(), n.port(), n.rack())).toList();
            return Reply.of(new MetadataResponse(nodes, broker.directory().clusterId(),
                    broker.directory().controllerId(), topics));
        });
    }

    /**
     * A node that cannot vouch for its image's leaders (fenced from the metadata quorum) names none:
     * every partition LEADER_NOT_AVAILABLE with leader -1, a retriable error after which clients refresh
     * their metadata (from any node they know, as Kafka's clients do) instead of coming back to it.
     */
    private List<MetadataResponse.PartitionMetadata> partitionsOf(TopicView v, boolean vouched) {
        List<MetadataResponse.PartitionMetadata> parts = new ArrayList<>();
        for (int p = 0; p < v.partitions().size(); p++) {
            io.spate.cluster.PartitionState s = v.partitions().get(p);
            boolean led = vouched && s.leader() != io.spate.cluster.PartitionState.NO_LEADER;
            parts.add(new MetadataResponse.PartitionMetadata(led ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE, p,
                    led ? s.leader() : io.spate.cluster.PartitionState.NO_LEADER, s.leaderEpoch(), s.replicas(), s.isr()));
        }
        return parts;
    }

    private Future<Reply> produce(ProduceRequest req) {
        if (req.acks() != 0 && req.acks() != 1 && req.acks() != -1) {
            return Future.failedFuture(ErrorCode.INVALID_REQUIRED_ACKS.exception("acks must be -1, 0 or 1, got " + req.acks()));
        }
        Map<TopicPartition, ByteBuffer> data = new LinkedHashMap<>();
        for (ProduceRequest.TopicData t : req.topics()) {
            for (ProduceRequest.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                if (data.containsKey(tp)) {
                    throw ErrorCode.INVALID_REQUEST.exception("partition " + tp + " appears twice in one produce request");
                }
                ByteBuf records = p.records();
                data.put(tp, records == null ? ByteBuffer.allocate(0) : records.nioBuffer());
            }
        }
        return broker.produce(data, req.acks(), req.timeoutMs()).map(results -> {
            if (req.acks() == 0) {
                return Reply.NONE;
            }
            Map<String, List<ProduceResponse.PartitionResponse>> byTopic = new LinkedHashMap<>();
            results.forEach((tp, r) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(
                    new ProduceResponse.PartitionResponse(tp.partition(), r.error(), r.errorMessage(), r.baseOffset(),
                            r.logAppendTime(), r.logStartOffset())));
            return Reply.of(new ProduceResponse(byTopic.entrySet().stream()
                    .map(e -> new ProduceResponse.TopicResponse(e.getKey(), e.getValue())).toList()));
        });
    }

    /** Fetch in {@code version} (0, 1 or 2), answered in the same version (2 as 1). */
    private Future<Reply> fetch(FetchRequest req, short version, LoopContext context, Future<Void> closed) {
        if (req.maxBytes() < 0 || req.minBytes() < 0 || req.maxWaitMs() < 0) {
            throw ErrorCode.INVALID_REQUEST.exception("max_bytes, min_bytes and max_wait_ms must not be negative");
        }
        Map<TopicPartition, FetchPosition> positions = new LinkedHashMap<>();
        for (FetchRequest.TopicData t : req.topics()) {
            for (FetchRequest.PartitionData p : t.partitions()) {
                if (p.partitionMaxBytes() < 0) {
                    throw ErrorCode.INVALID_REQUEST.exception("partition_max_bytes must not be negative");
                }
                if (p.logStartOffset() < FetchRequest.UNKNOWN_LOG_START_OFFSET || p.logStartOffset() > p.fetchOffset()) {
                    throw ErrorCode.INVALID_REQUEST.exception(t.name() + "-" + p.partition() + ": log_start_offset "
                            + p.logStartOffset() + " must be -1 or in [0, fetch_offset " + p.fetchOffset() + "]");
                }
                positions.put(new TopicPartition(t.name(), p.partition()), new FetchPosition(p.fetchOffset(),
                        p.partitionMaxBytes(), p.currentLeaderEpoch(), p.logStartOffset()));
            }
        }
        boolean committed = req.isolationLevel() == FetchRequest.READ_COMMITTED && req.replicaId() < 0;
        return broker.fetch(context, positions, req.minBytes(), req.maxBytes(), req.maxWaitMs(), req.replicaId(), committed,
                closed).map(reads -> Reply.of(new FetchReply(reads, version)));
    }

    private Future<Reply> listOffsets(ListOffsetsRequest req) {
        Map<TopicPartition, Long> specs = new LinkedHashMap<>();
        req.topics().forEach(t -> t.partitions().forEach(p -> specs.put(new TopicPartition(t.name(), p.partition()), p.timestamp())));
        return broker.listOffsets(specs, req.isolationLevel() == FetchRequest.READ_COMMITTED).map(results -> {
            Map<String, List<ListOffsetsResponse.PartitionResponse>> byTopic = new LinkedHashMap<>();
            results.forEach((tp, r) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(
                    new ListOffsetsResponse.PartitionResponse(tp.partition(), r.error(), r.errorMessage(), r.timestamp(), r.offset())));
            return Reply.of(new ListOffsetsResponse(byTopic.entrySet().stream()
                    .map(e -> new ListOffsetsResponse.TopicResponse(e.getKey(), e.getValue())).toList()));
        });
    }

    private Future<Reply> createTopics(CreateTopicsRequest req) {
        List<TopicCreation> topics = req.topics().stream().map(t -> new TopicCreation(t.name(), t.numPartitions(), t.replicationFactor(),
                t.configs().stream().collect(Collectors.toMap(CreateTopicsRequest.Config::name,
                        c -> c.value() == null ? "" : c.value(), (a, b) -> b, LinkedHashMap::new)))).toList();
        return broker.admin().createTopics(topics, req.validateOnly()).map(r -> Reply.of(new CreateTopicsResponse(results(r))));
    }

    private Future<Reply> deleteTopics(DeleteTopicsRequest req) {
        return broker.admin().deleteTopics(req.names()).map(r -> Reply.of(new DeleteTopicsResponse(results(r))));
    }

    private Future<Reply> createPartitions(CreatePartitionsRequest req) {
        Map<String, Integer> totals = new LinkedHashMap<>();
        req.topics().forEach(t -> totals.put(t.name(), t.count()));
        return broker.admin().createPartitions(totals, req.validateOnly())
                .map(r -> Reply.of(new CreatePartitionsResponse(results(r))));
    }

    private DescribeConfigsResponse describeConfigs(DescribeConfigsRequest req) {
        List<String> names = req.topics() != null ? req.topics() : broker.directory().topicNames();
        return new DescribeConfigsResponse(names.stream().map(n -> {
            io.spate.cluster.TopicState t = broker.directory().topic(n);
            if (t == null) {
                return new DescribeConfigsResponse.TopicConfigs(n, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        "topic '" + n + "' does not exist", List.of());
            }
            Set<String> overridden = t.configs().keySet();
            List<DescribeConfigsResponse.ConfigEntry> entries = io.spate.log.LogConfig.from(t.configs(),
                    broker.topics().topicDefaults()).toMap().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> new DescribeConfigsResponse.ConfigEntry(e.getKey(), e.getValue(), !overridden.contains(e.getKey())))
                    .toList();
            return new DescribeConfigsResponse.TopicConfigs(n, ErrorCode.NONE, null, entries);
        }).toList());
    }

    private Future<Reply> alterConfigs(IncrementalAlterConfigsRequest req) {
        Map<String, ConfigChange> changes = new LinkedHashMap<>();
        for (IncrementalAlterConfigsRequest.Topic t : req.topics()) {
            Map<String, String> set = new LinkedHashMap<>();
            Set<String> delete = new HashSet<>();
            for (IncrementalAlterConfigsRequest.Op op : t.ops()) {
                if (op.op() == IncrementalAlterConfigsRequest.OpType.SET) {
                    set.put(op.name(), op.value() == null ? "" : op.value());
                } else {
                    delete.add(op.name());
                }
            }
            changes.put(t.name(), new ConfigChange(set, delete));
        }
        return broker.admin().alterConfigs(changes, req.validateOnly())
                .map(r -> Reply.of(new IncrementalAlterConfigsResponse(results(r))));
    }

    private static List<TopicResult> results(List<TopicOutcome> outcomes) {
        return outcomes.stream().map(o -> new TopicResult(o.name(), o.error(), o.errorMessage())).toList();
    }

    private Future<Reply> describeLogDirs(DescribeLogDirsRequest req) {
        return broker.describeLogs(req.topics()).map(states -> Reply.of(new DescribeLogDirsResponse(
                states.entrySet().stream().map(e -> new DescribeLogDirsResponse.TopicLogs(e.getKey(), e.getValue().error(),
                        e.getValue().errorMessage(), e.getValue().partitions().stream().map(p -> new DescribeLogDirsResponse.PartitionLog(
                                p.partition(), ErrorCode.NONE, p.logStartOffset(), p.logEndOffset(), p.highWatermark(),
                                p.sizeBytes(), p.segmentCount())).toList())).toList())));
    }

}
