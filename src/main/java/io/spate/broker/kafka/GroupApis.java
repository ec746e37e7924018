package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.CoordinatorLeader;
import io.spate.cluster.PartitionState;
import io.spate.group.DescribedGroup;
import io.spate.group.GroupCoordinator;
import io.spate.group.JoinRequest;
import io.spate.group.LeavingMember;
import io.spate.group.Protocol;
import io.spate.group.SyncRequest;
import io.spate.protocol.ErrorCode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;

/**
 * Kafka's classic group protocol, membership side: FindCoordinator, JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup, ListGroups, DescribeGroups and DeleteGroups, each a call on the
 * protocol-free {@link GroupCoordinator}, as the native listener's group adapter makes them.
 * The offsets side is {@link GroupOffsetApis}. Kafka's consumer protocol (KIP-848,
 * ConsumerGroupHeartbeat) is not served: every group is a classic group.
 *
 * <p>Version differences handled here: JoinGroup below v4 joins a new member at once (no
 * MEMBER_ID_REQUIRED round trip) and v0 has no rebalance timeout (the session timeout is used);
 * FindCoordinator v4+ batches keys; LeaveGroup v3+ batches members; DescribeGroups v6+ answers an
 * unknown group GROUP_ID_NOT_FOUND. Runs on the connection's context; the coordinator hops to its own.
 */
final class GroupApis {
    static final byte KEY_TYPE_GROUP = 0;
    static final byte KEY_TYPE_TRANSACTION = 1;
    /** The only group type a classic coordinator has (ListGroups v5's types filter and answer). */
    static final String CLASSIC = "classic";
    /** AclOperation codes READ (3), DELETE (6), DESCRIBE (8): what a group allows when nothing is denied. */
    private static final int GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);

    private final Broker broker;
    private final GroupCoordinator coordinator;
    private final Supplier<List<KafkaNode>> nodes;

    GroupApis(Broker broker, GroupCoordinator coordinator, Supplier<List<KafkaNode>> nodes) {
        this.broker = broker;
        this.coordinator = coordinator;
        this.nodes = nodes;
    }

    /**
     * The coordinator of a group is the leader of its partition of {@code __consumer_offsets}; of a
     * transactional id, of its partition of {@code __transaction_state} (Kafka's abs(hashCode) %
     * partitions), answered as that node's Kafka listener; an empty key has one too (as Kafka: the
     * APIs that use it refuse it). Below v4 one key, and an error fails the whole answer (as Kafka);
     * from v4 one result per key.
     */
    Future<ApiMessage> findCoordinator(KafkaRequest request) {
        FindCoordinatorRequestData req = request.body(FindCoordinatorRequest.class).data();
        if (request.version() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            FindCoordinatorResponseData.Coordinator c = coordinatorOf(req.keyType(), req.key());
            if (c.errorCode() != Errors.NONE.code()) {
                return Future.failedFuture(ErrorCode.forCode(c.errorCode()).exception(c.errorMessage()));
            }
            return Future.succeededFuture(new FindCoordinatorResponseData().setErrorCode(Errors.NONE.code())
                    .setErrorMessage(null).setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port()));
        }
        FindCoordinatorResponseData out = new FindCoordinatorResponseData();
        for (String key : req.coordinatorKeys()) {
            out.coordinators().add(coordinatorOf(req.keyType(), key));
        }
        return Future.succeededFuture(out);
    }

    private FindCoordinatorResponseData.Coordinator coordinatorOf(byte keyType, String key) {
        boolean group = keyType == KEY_TYPE_GROUP;
        if (!group && keyType != KEY_TYPE_TRANSACTION) {
            return noCoordinator(key, ErrorCode.INVALID_REQUEST,
                    "key type " + keyType + " is not served; 0 (group) and 1 (transaction) are");
        }
        CoordinatorLeader c = broker.coordinatorLeader(group, key);
        if (c.error() != ErrorCode.NONE) {
            return noCoordinator(key, c.error(), c.message());
        }
        int leader = c.leaderId();
        if (leader != PartitionState.NO_LEADER) {
            for (KafkaNode n : nodes.get()) {
                if (n.nodeId() == leader) {
                    return new FindCoordinatorResponseData.Coordinator().setKey(key).setNodeId(n.nodeId())
                            .setHost(n.host()).setPort(n.port()).setErrorCode(Errors.NONE.code()).setErrorMessage(null);
                }
            }
        }
        return noCoordinator(key, ErrorCode.COORDINATOR_NOT_AVAILABLE,
                "partition " + c.partition() + " of " + c.topic() + " has no live leader with a Kafka listener");
    }

    private static FindCoordinatorResponseData.Coordinator noCoordinator(String key, ErrorCode error, String message) {
        return new FindCoordinatorResponseData.Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1)
                .setErrorCode(error.code()).setErrorMessage(message);
    }

    Future<ApiMessage> joinGroup(KafkaRequest request) {
        JoinGroupRequestData req = request.body(JoinGroupRequest.class).data();
        short version = request.version();
        List<Protocol> protocols = new ArrayList<>();
        req.protocols().forEach(p -> protocols.add(new Protocol(p.name(), p.metadata())));
        // v0 has no rebalance timeout: the session timeout bounds the join phase (as Kafka)
        int rebalanceTimeoutMs = version == 0 ? req.sessionTimeoutMs() : req.rebalanceTimeoutMs();
        String clientId = request.header().clientId();
        JoinRequest join = new JoinRequest(req.groupId(), req.memberId(), req.groupInstanceId(),
                clientId == null ? "" : clientId, request.scope().clientHost(), req.sessionTimeoutMs(),
                rebalanceTimeoutMs, req.protocolType(), protocols, req.reason(),
                JoinGroupRequest.requiresKnownMemberId(version));
        return coordinator.join(join).map(r -> {
            boolean skip = r.skipAssignment();
            String leader = r.leaderId();
            boolean withMembers = true;
            if (skip && !JoinGroupRequest.supportsSkippingAssignment(version)) {
                // Before v9 a static leader that rejoined a Stable group must not assign: Kafka
                // hides its leadership (it answers the previous leader id and no members).
                skip = false;
                leader = "";
                withMembers = false;
            }
            JoinGroupResponseData out = new JoinGroupResponseData().setErrorCode(r.error().code())
                    .setGenerationId(r.generationId()).setProtocolType(r.protocolType())
                    .setProtocolName(r.protocolName() == null && version < 7 ? "" : r.protocolName())
                    .setLeader(leader == null ? "" : leader).setSkipAssignment(skip).setMemberId(r.memberId());
            if (withMembers) {
                r.members().forEach(m -> out.members().add(new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId()).setMetadata(m.metadata())));
            }
            return out;
        });
    }

    Future<ApiMessage> syncGroup(KafkaRequest request) {
        SyncGroupRequest body = request.body(SyncGroupRequest.class);
        SyncGroupRequestData req = body.data();
        if (!body.areMandatoryProtocolTypeAndNamePresent()) {
            // from v5 the member must say which protocol it believes was chosen (as Kafka)
            return Future.succeededFuture(new SyncGroupResponseData()
                    .setErrorCode(Errors.INCONSISTENT_GROUP_PROTOCOL.code()).setAssignment(new byte[0]));
        }
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        for (SyncGroupRequestData.SyncGroupRequestAssignment a : req.assignments()) {
            if (assignments.put(a.memberId(), a.assignment()) != null) {
                return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("member " + a.memberId()
                        + " is assigned twice"));
            }
        }
        return coordinator.sync(new SyncRequest(req.groupId(), req.generationId(), req.memberId(),
                        req.groupInstanceId(), req.protocolType(), req.protocolName(), assignments))
                .map(r -> new SyncGroupResponseData().setErrorCode(r.error().code()).setProtocolType(r.protocolType())
                        .setProtocolName(r.protocolName()).setAssignment(r.assignment()));
    }

    Future<ApiMessage> heartbeat(KafkaRequest request) {
        HeartbeatRequestData req = request.body(HeartbeatRequest.class).data();
        return coordinator.heartbeat(req.groupId(), req.generationId(), req.memberId(), req.groupInstanceId())
                .map(error -> new HeartbeatResponseData().setErrorCode(error.code()));
    }

    /** LeaveGroup: one member below v3, a batch from v3 (each with its own answer). */
    Future<ApiMessage> leaveGroup(KafkaRequest request) {
        LeaveGroupRequest body = request.body(LeaveGroupRequest.class);
        List<LeavingMember> members = new ArrayList<>();
        body.members().forEach(m -> members.add(new LeavingMember(m.memberId() == null ? "" : m.memberId(),
                m.groupInstanceId(), m.reason())));
        return coordinator.leave(body.data().groupId(), members).map(r -> {
            List<LeaveGroupResponseData.MemberResponse> answers = new ArrayList<>();
            r.members().forEach(m -> answers.add(new LeaveGroupResponseData.MemberResponse().setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId()).setErrorCode(m.error().code())));
            // kafka-clients' response folds a lone member's error into the top level below v3
            return new LeaveGroupResponse(answers, Errors.forCode(r.error().code()), 0, request.version()).data();
        });
    }

    /** ListGroups; v4+ filters by state, v5+ by type (every group here is "classic"). */
    Future<ApiMessage> listGroups(KafkaRequest request) {
        ListGroupsRequestData req = request.body(ListGroupsRequest.class).data();
        boolean classicWanted = req.typesFilter().isEmpty()
                || req.typesFilter().stream().anyMatch(t -> CLASSIC.equals(t.toLowerCase(Locale.ROOT)));
        return coordinator.listGroups(req.statesFilter()).map(r -> {
            ListGroupsResponseData out = new ListGroupsResponseData().setErrorCode(r.error().code());
            if (classicWanted) {
                r.groups().forEach(g -> out.groups().add(new ListGroupsResponseData.ListedGroup().setGroupId(g.groupId())
                        .setProtocolType(g.protocolType()).setGroupState(g.state()).setGroupType(CLASSIC)));
            }
            return out;
        });
    }

    Future<ApiMessage> describeGroups(KafkaRequest request) {
        DescribeGroupsRequestData req = request.body(DescribeGroupsRequest.class).data();
        boolean operations = request.version() >= 3 && req.includeAuthorizedOperations();
        return coordinator.describeGroups(req.groups()).map(groups -> {
            DescribeGroupsResponseData out = new DescribeGroupsResponseData();
            for (DescribedGroup g : groups) {
                DescribeGroupsResponseData.DescribedGroup d = new DescribeGroupsResponseData.DescribedGroup()
                        .setErrorCode(g.error().code()).setGroupId(g.groupId()).setGroupState(g.state())
                        .setProtocolType(g.protocolType()).setProtocolData(g.protocolData());
                boolean unknown = g.error() == ErrorCode.NONE && g.members().isEmpty() && "Dead".equals(g.state());
                if (unknown && request.version() >= 6) {
                    d.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + g.groupId() + " not found.");
                }
                g.members().forEach(m -> d.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                        .setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId()).setClientId(m.clientId())
                        .setClientHost(m.clientHost()).setMemberMetadata(m.metadata())
                        .setMemberAssignment(m.assignment())));
                if (operations && d.errorCode() == Errors.NONE.code()) {
                    d.setAuthorizedOperations(GROUP_OPERATIONS);
                }
                out.groups().add(d);
            }
            return out;
        });
    }

    Future<ApiMessage> deleteGroups(KafkaRequest request) {
        DeleteGroupsRequestData req = request.body(DeleteGroupsRequest.class).data();
        return coordinator.deleteGroups(req.groupsNames()).map(results -> {
            DeleteGroupsResponseData out = new DeleteGroupsResponseData();
            results.forEach((id, error) -> out.results().add(new DeleteGroupsResponseData.DeletableGroupResult()
                    .setGroupId(id).setErrorCode(error.code())));
            return out;
        });
    }
}
