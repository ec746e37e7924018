package io.spate.broker.wire;

import io.spate.broker.core.Broker;
import io.spate.broker.core.CoordinatorLeader;
import io.spate.group.GroupCoordinator;
import io.spate.group.JoinRequest;
import io.spate.group.LeavingMember;
import io.spate.group.OffsetCommit;
import io.spate.group.Protocol;
import io.spate.group.SyncRequest;
import io.spate.group.TxnProducer;
import io.spate.protocol.DeleteGroupsRequest;
import io.spate.protocol.DeleteGroupsResponse;
import io.spate.protocol.DescribeGroupsRequest;
import io.spate.protocol.DescribeGroupsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.FindCoordinatorResponse;
import io.spate.protocol.HeartbeatRequest;
import io.spate.protocol.HeartbeatResponse;
import io.spate.protocol.JoinGroupRequest;
import io.spate.protocol.JoinGroupResponse;
import io.spate.protocol.LeaveGroupRequest;
import io.spate.protocol.LeaveGroupResponse;
import io.spate.protocol.ListGroupsRequest;
import io.spate.protocol.ListGroupsResponse;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetFetchResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.SyncGroupRequest;
import io.spate.protocol.SyncGroupResponse;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TxnOffsetCommitRequest;
import io.spate.protocol.TxnOffsetCommitResponse;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native protocol's adapter for the consumer-group APIs: decoded requests become calls on the
 * protocol-free {@link GroupCoordinator}, its answers become responses. Runs on the connection's
 * context; the coordinator hops to its own.
 */
final class GroupRequestHandler {
    private final GroupCoordinator coordinator;
    private final Broker broker;

    /** @param broker where coordinators are looked up ({@link Broker#coordinatorLeader}) */
    GroupRequestHandler(GroupCoordinator coordinator, Broker broker) {
        this.coordinator = coordinator;
        this.broker = broker;
    }

    /** FindCoordinator key_type of a transactional id (the client helper names it KEY_TYPE_TRANSACTION). */
    static final byte KEY_TYPE_TRANSACTION = 1;

    /**
     * The coordinator of a group is the leader of the group's partition of the offsets topic; of a
     * transactional id (key_type 1), the leader of its partition of {@code __transaction_state}: both
     * Kafka's {@code Utils.abs(key.hashCode()) % partitions} (COORDINATOR_NOT_AVAILABLE while it has
     * none, or the topic does not exist yet): {@link Broker#coordinatorLeader}, answered with the
     * leader's native listener.
     */
    Future<Reply> findCoordinator(FindCoordinatorRequest req) {
        boolean group = req.keyType() == FindCoordinatorRequest.KEY_TYPE_GROUP;
        if (!group && req.keyType() != KEY_TYPE_TRANSACTION) {
            return reply(FindCoordinatorResponse.error(ErrorCode.INVALID_REQUEST,
                    "key_type " + req.keyType() + " is not served; 0 (group) and 1 (transaction) are"));
        }
        if (req.key().isEmpty()) {
            return reply(group ? FindCoordinatorResponse.error(ErrorCode.INVALID_GROUP_ID, "the group id is empty")
                    : FindCoordinatorResponse.error(ErrorCode.INVALID_REQUEST, "the transactional id is empty"));
        }
        CoordinatorLeader c = broker.coordinatorLeader(group, req.key());
        if (c.error() != ErrorCode.NONE) {
            return reply(FindCoordinatorResponse.error(c.error(), c.message()));
        }
        io.spate.cluster.NodeRecord leader = broker.directory().liveNode(c.leaderId());
        if (leader == null || leader.port() == 0) {
            return reply(FindCoordinatorResponse.error(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                    "partition " + c.partition() + " of " + c.topic() + " has no live leader"));
        }
        return reply(FindCoordinatorResponse.coordinator(leader.nodeId(), leader.host(), leader.port()));
    }

    Future<Reply> join(JoinGroupRequest req, String clientId, String clientHost) {
        List<Protocol> protocols = req.protocols().stream().map(p -> new Protocol(p.name(), p.metadata())).toList();
        JoinRequest join = new JoinRequest(req.groupId(), req.memberId(), req.groupInstanceId(),
                clientId == null ? "" : clientId, clientHost, req.sessionTimeoutMs(), req.rebalanceTimeoutMs(),
                req.protocolType(), protocols, req.reason());
        return coordinator.join(join).map(r -> Reply.of(new JoinGroupResponse(r.error(), r.errorMessage(),
                r.generationId(), r.protocolType(), r.protocolName(), r.leaderId(), r.skipAssignment(), r.memberId(),
                r.members().stream().map(m -> new JoinGroupResponse.Member(m.memberId(), m.groupInstanceId(),
                        m.metadata())).toList())));
    }

    Future<Reply> sync(SyncGroupRequest req) {
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        for (SyncGroupRequest.Assignment a : req.assignments()) {
            if (assignments.put(a.memberId(), a.assignment()) != null) {
                return reply(SyncGroupResponse.error(ErrorCode.INVALID_REQUEST,
                        "member " + a.memberId() + " is assigned twice"));
            }
        }
        return coordinator.sync(new SyncRequest(req.groupId(), req.generationId(), req.memberId(),
                        req.groupInstanceId(), req.protocolType(), req.protocolName(), assignments))
                .map(r -> Reply.of(new SyncGroupResponse(r.error(), r.errorMessage(), r.protocolType(),
                        r.protocolName(), r.assignment())));
    }

    Future<Reply> heartbeat(HeartbeatRequest req) {
        return coordinator.heartbeat(req.groupId(), req.generationId(), req.memberId(), req.groupInstanceId())
                .map(error -> Reply.of(new HeartbeatResponse(error, null)));
    }

    Future<Reply> leave(LeaveGroupRequest req) {
        List<LeavingMember> members = req.members().stream()
                .map(m -> new LeavingMember(m.memberId(), m.groupInstanceId(), m.reason())).toList();
        return coordinator.leave(req.groupId(), members).map(r -> Reply.of(new LeaveGroupResponse(r.error(), null,
                r.members().stream().map(m -> new LeaveGroupResponse.MemberResponse(m.memberId(), m.groupInstanceId(),
                        m.error(), null)).toList())));
    }

    Future<Reply> commit(OffsetCommitRequest req) {
        Map<TopicPartition, OffsetCommit> offsets = offsets(req.topics());
        return coordinator.commitOffsets(req.groupId(), req.generationId(), req.memberId(), req.groupInstanceId(), offsets)
                .map(errors -> {
                    Map<String, List<OffsetCommitResponse.Partition>> byTopic = new LinkedHashMap<>();
                    errors.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                            .add(new OffsetCommitResponse.Partition(tp.partition(), e, null)));
                    return Reply.of(new OffsetCommitResponse(byTopic.entrySet().stream()
                            .map(e -> new OffsetCommitResponse.Topic(e.getKey(), e.getValue())).toList()));
                });
    }

    /** TxnOffsetCommit: the offsets wait for the producer's marker; one error per partition, in request order. */
    Future<Reply> txnCommit(TxnOffsetCommitRequest req) {
        Map<TopicPartition, OffsetCommit> offsets = offsets(req.topics());
        return coordinator.commitTxnOffsets(req.groupId(),
                        new TxnProducer(req.transactionalId(), req.producerId(), req.producerEpoch()),
                        req.generationId(), req.memberId(), req.groupInstanceId(), offsets)
                .map(errors -> {
                    Map<String, List<PartitionErrors.PartitionError>> byTopic = new LinkedHashMap<>();
                    errors.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                            .add(new PartitionErrors.PartitionError(tp.partition(), e)));
                    return Reply.of(new TxnOffsetCommitResponse(byTopic.entrySet().stream()
                            .map(e -> new PartitionErrors(e.getKey(), e.getValue())).toList()));
                });
    }

    private static Map<TopicPartition, OffsetCommit> offsets(List<OffsetCommitRequest.Topic> topics) {
        Map<TopicPartition, OffsetCommit> offsets = new LinkedHashMap<>();
        for (OffsetCommitRequest.Topic t : topics) {
            for (OffsetCommitRequest.Partition p : t.partitions()) {
                offsets.put(new TopicPartition(t.name(), p.partition()),
                        new OffsetCommit(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
            }
        }
        return offsets;
    }

    Future<Reply> fetchOffsets(OffsetFetchRequest req) {
        List<TopicPartition> wanted = null;
        if (req.topics() != null) {
            wanted = new ArrayList<>();
            for (OffsetFetchRequest.Topic t : req.topics()) {
                for (int p : t.partitions()) {
                    wanted.add(new TopicPartition(t.name(), p));
                }
            }
        }
        return coordinator.fetchOffsets(req.groupId(), wanted).map(r -> {
            if (r.error() != ErrorCode.NONE) {
                return Reply.of(OffsetFetchResponse.error(r.error(), null));
            }
            Map<String, List<OffsetFetchResponse.Partition>> byTopic = new LinkedHashMap<>();
            r.offsets().forEach((tp, c) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new OffsetFetchResponse.Partition(tp.partition(), c.offset(), c.leaderEpoch(), c.metadata(),
                            c.commitTimestamp(), ErrorCode.NONE, null)));
            return Reply.of(new OffsetFetchResponse(ErrorCode.NONE, null, byTopic.entrySet().stream()
                    .map(e -> new OffsetFetchResponse.Topic(e.getKey(), e.getValue())).toList()));
        });
    }

    Future<Reply> listGroups(ListGroupsRequest req) {
        return coordinator.listGroups(req.statesFilter()).map(r -> Reply.of(new ListGroupsResponse(r.error(), null,
                r.groups().stream().map(g -> new ListGroupsResponse.Group(g.groupId(), g.protocolType(), g.state()))
                        .toList())));
    }

    Future<Reply> describeGroups(DescribeGroupsRequest req) {
        return coordinator.describeGroups(req.groupIds()).map(groups -> Reply.of(new DescribeGroupsResponse(
                groups.stream().map(g -> new DescribeGroupsResponse.Group(g.error(), null, g.groupId(), g.state(),
                        g.protocolType(), g.protocolData(), g.members().stream().map(m -> new DescribeGroupsResponse.Member(
                                m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(), m.metadata(),
                                m.assignment())).toList())).toList())));
    }

    Future<Reply> deleteGroups(DeleteGroupsRequest req) {
        return coordinator.deleteGroups(req.groupIds()).map(results -> Reply.of(new DeleteGroupsResponse(
                results.entrySet().stream().map(e -> new DeleteGroupsResponse.GroupResult(e.getKey(), e.getValue(), null))
                        .toList())));
    }

    private static Future<Reply> reply(io.spate.protocol.Message m) {
        return Future.succeededFuture(Reply.of(m));
    }
}
