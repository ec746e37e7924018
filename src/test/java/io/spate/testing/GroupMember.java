package io.spate.testing;

import io.spate.client.assignor.Assignment;
import io.spate.client.assignor.ConsumerProtocol;
import io.spate.client.assignor.Subscription;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.JoinGroupRequest;
import io.spate.protocol.JoinGroupResponse;
import io.spate.protocol.LeaveGroupRequest;
import io.spate.protocol.LeaveGroupResponse;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.SyncGroupRequest;
import io.spate.protocol.SyncGroupResponse;
import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer-group member driven over the wire, for tests that need a group with an active member
 * without a consumer: it joins (answering MEMBER_ID_REQUIRED with the id given), leads the
 * one-member generation, syncs the partitions it is told to own, and leaves on {@link #close()}.
 * It sends no heartbeats, so it stays a member for {@link #SESSION_TIMEOUT_MS}.
 */
public final class GroupMember implements AutoCloseable {
    /** Long enough that a test never loses the member to its session timeout. */
    public static final int SESSION_TIMEOUT_MS = 120_000;

    private final RawConnection connection;
    private final String groupId;
    private final String memberId;
    private final int generation;

    private GroupMember(RawConnection connection, String groupId, String memberId, int generation) {
        this.connection = connection;
        this.groupId = groupId;
        this.memberId = memberId;
        this.generation = generation;
    }

    /** Joins {@code groupId} on the node at {@code port} with the "range" protocol and owns {@code assignment}. */
    public static GroupMember join(int port, String groupId, List<TopicPartition> assignment) {
        RawConnection c = new RawConnection(port);
        try {
            List<String> topics = assignment.stream().map(TopicPartition::topic).distinct().sorted().toList();
            byte[] subscription = bytes(ConsumerProtocol.encodeSubscription(new Subscription(topics)));
            JoinGroupResponse joined = joinOnce(c, groupId, JoinGroupRequest.UNKNOWN_MEMBER_ID, subscription);
            if (joined.error() == ErrorCode.MEMBER_ID_REQUIRED) {
                joined = joinOnce(c, groupId, joined.memberId(), subscription);
            }
            check(joined.error(), "JoinGroup");
            if (!joined.leader().equals(joined.memberId())) {
                throw new IllegalStateException("expected to lead a one-member group, leader is " + joined.leader());
            }
            byte[] mine = bytes(ConsumerProtocol.encodeAssignment(new Assignment(assignment)));
            SyncGroupResponse synced = SyncGroupResponse.readFrom(c.call(ApiKey.SYNC_GROUP, new SyncGroupRequest(groupId,
                    joined.generationId(), joined.memberId(), null, ConsumerProtocol.PROTOCOL_TYPE, joined.protocolName(),
                    List.of(new SyncGroupRequest.Assignment(joined.memberId(), mine)))).body());
            check(synced.error(), "SyncGroup");
            return new GroupMember(c, groupId, joined.memberId(), joined.generationId());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public String memberId() {
        return memberId;
    }

    public int generation() {
        return generation;
    }

    /** Commits {@code offsets} as this member of the current generation; throws unless every partition succeeded. */
    public void commit(Map<TopicPartition, Long> offsets) {
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new TreeMap<>();
        new TreeMap<>(offsets).forEach((tp, offset) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new OffsetCommitRequest.Partition(tp.partition(), offset, -1, "by " + memberId)));
        List<OffsetCommitRequest.Topic> topics = byTopic.entrySet().stream()
                .map(e -> new OffsetCommitRequest.Topic(e.getKey(), e.getValue())).toList();
        OffsetCommitResponse r = OffsetCommitResponse.readFrom(connection.call(ApiKey.OFFSET_COMMIT,
                new OffsetCommitRequest(groupId, generation, memberId, null, topics)).body());
        r.topics().forEach(t -> t.partitions().forEach(p -> check(p.error(), "OffsetCommit of " + t.name() + "-"
                + p.partition())));
    }

    /** Leaves the group (it becomes Empty) and closes the connection. */
    @Override
    public void close() {
        try {
            LeaveGroupResponse left = LeaveGroupResponse.readFrom(connection.call(ApiKey.LEAVE_GROUP,
                    new LeaveGroupRequest(groupId, List.of(new LeaveGroupRequest.Member(memberId, null, "test done")))).body());
            check(left.error(), "LeaveGroup");
        } finally {
            connection.close();
        }
    }

    private static JoinGroupResponse joinOnce(RawConnection c, String groupId, String memberId, byte[] subscription) {
        return JoinGroupResponse.readFrom(c.call(ApiKey.JOIN_GROUP, new JoinGroupRequest(groupId, SESSION_TIMEOUT_MS,
                SESSION_TIMEOUT_MS, memberId, null, ConsumerProtocol.PROTOCOL_TYPE,
                List.of(new JoinGroupRequest.Protocol("range", subscription)), null)).body());
    }

    private static void check(ErrorCode error, String what) {
        if (error != ErrorCode.NONE) {
            throw new IllegalStateException(what + " failed: " + error);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
