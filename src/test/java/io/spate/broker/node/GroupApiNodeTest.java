package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.TopicNames;
import io.spate.broker.wire.NativeProtocolTest;
import io.spate.protocol.ApiKey;
import io.spate.protocol.CreatePartitionsRequest;
import io.spate.protocol.CreatePartitionsResponse;
import io.spate.protocol.DeleteGroupsRequest;
import io.spate.protocol.DeleteGroupsResponse;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.DeleteTopicsResponse;
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
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetFetchResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.SyncGroupRequest;
import io.spate.protocol.SyncGroupResponse;
import io.spate.protocol.TxnOffsetCommitRequest;
import io.spate.protocol.TxnOffsetCommitResponse;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group APIs through the native listener of one node: the wiring of every request to the
 * coordinator, the answers' shapes, and the internal offsets topic's protections. The coordinator's
 * rules themselves are tested in io.spate.group.
 */
@Timeout(60)
class GroupApiNodeTest {
    @TempDir
    static Path dataDir;
    static SpateNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir, "group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=500");
    }

    @AfterAll
    static void stop() {
        TestNode.stop(node);
    }

    @Test
    void findCoordinatorNamesThisNodeAndRefusesOtherKeyTypes() {
        try (RawConnection c = new RawConnection(node.port())) {
            FindCoordinatorResponse ok = FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                    FindCoordinatorRequest.forGroup("g")).body());
            assertEquals(ErrorCode.NONE, ok.error());
            assertEquals(node.config().nodeId(), ok.nodeId());
            assertEquals(node.port(), ok.port());
            // key_type 1: __transaction_state is created by the first look-up (answered COORDINATOR_NOT_AVAILABLE)
            FindCoordinatorResponse[] txn = new FindCoordinatorResponse[1];
            io.spate.testing.Eventually.eventually(java.time.Duration.ofSeconds(10), "the transaction coordinator", () -> {
                txn[0] = FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                        new FindCoordinatorRequest("t", (byte) 1)).body());
                return txn[0].error() == ErrorCode.NONE;
            });
            assertEquals(node.config().nodeId(), txn[0].nodeId());
            FindCoordinatorResponse other = FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                    new FindCoordinatorRequest("t", (byte) 2)).body());
            assertEquals(ErrorCode.INVALID_REQUEST, other.error());
            FindCoordinatorResponse empty = FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                    FindCoordinatorRequest.forGroup("")).body());
            assertEquals(ErrorCode.INVALID_GROUP_ID, empty.error());
        }
    }

    @Test
    void oneMemberJoinsSyncsHeartbeatsCommitsAndLeaves() {
        byte[] subscription = "sub".getBytes(StandardCharsets.UTF_8);
        byte[] assignment = "assign".getBytes(StandardCharsets.UTF_8);
        try (RawConnection c = new RawConnection(node.port())) {
            JoinGroupRequest first = join("g1", "", subscription);
            JoinGroupResponse required = JoinGroupResponse.readFrom(c.call(ApiKey.JOIN_GROUP, first).body());
            assertEquals(ErrorCode.MEMBER_ID_REQUIRED, required.error());
            assertFalse(required.memberId().isEmpty());
            String member = required.memberId();

            JoinGroupResponse joined = JoinGroupResponse.readFrom(c.call(ApiKey.JOIN_GROUP, join("g1", member, subscription)).body());
            assertEquals(ErrorCode.NONE, joined.error(), joined.errorMessage());
            assertEquals(member, joined.leader());
            assertEquals("range", joined.protocolName());
            assertEquals(1, joined.members().size());
            assertArrayEquals(subscription, joined.members().get(0).metadata());
            int generation = joined.generationId();

            SyncGroupResponse synced = SyncGroupResponse.readFrom(c.call(ApiKey.SYNC_GROUP, new SyncGroupRequest("g1",
                    generation, member, null, "consumer", "range", List.of(new SyncGroupRequest.Assignment(member, assignment)))).body());
            assertEquals(ErrorCode.NONE, synced.error(), synced.errorMessage());
            assertArrayEquals(assignment, synced.assignment());

            assertEquals(ErrorCode.NONE, HeartbeatResponse.readFrom(c.call(ApiKey.HEARTBEAT,
                    new HeartbeatRequest("g1", generation, member, null)).body()).error());
            assertEquals(ErrorCode.ILLEGAL_GENERATION, HeartbeatResponse.readFrom(c.call(ApiKey.HEARTBEAT,
                    new HeartbeatRequest("g1", generation - 1, member, null)).body()).error());

            assertEquals(ErrorCode.NONE, commit(c, "g1", generation, member, 42));
            assertEquals(ErrorCode.ILLEGAL_GENERATION, commit(c, "g1", generation - 1, member, 7));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, commit(c, "g1", generation, "zombie", 7));
            assertEquals(42, committed(c, "g1"));

            DescribeGroupsResponse.Group described = DescribeGroupsResponse.readFrom(c.call(ApiKey.DESCRIBE_GROUPS,
                    new DescribeGroupsRequest(List.of("g1"))).body()).groups().get(0);
            assertEquals("Stable", described.groupState());
            assertEquals("range", described.protocolData());
            assertEquals(member, described.members().get(0).memberId());
            assertEquals("/127.0.0.1", described.members().get(0).clientHost());
            assertArrayEquals(assignment, described.members().get(0).memberAssignment());

            ListGroupsResponse listed = ListGroupsResponse.readFrom(c.call(ApiKey.LIST_GROUPS, ListGroupsRequest.all()).body());
            assertTrue(listed.groups().stream().anyMatch(g -> g.groupId().equals("g1") && g.groupState().equals("Stable")));

            DeleteGroupsResponse busy = DeleteGroupsResponse.readFrom(c.call(ApiKey.DELETE_GROUPS,
                    new DeleteGroupsRequest(List.of("g1"))).body());
            assertEquals(ErrorCode.NON_EMPTY_GROUP, busy.results().get(0).error());

            LeaveGroupResponse left = LeaveGroupResponse.readFrom(c.call(ApiKey.LEAVE_GROUP, new LeaveGroupRequest("g1",
                    List.of(new LeaveGroupRequest.Member(member, null, "test done")))).body());
            assertEquals(ErrorCode.NONE, left.error());
            assertEquals(ErrorCode.NONE, left.members().get(0).error());

            DeleteGroupsResponse deleted = DeleteGroupsResponse.readFrom(c.call(ApiKey.DELETE_GROUPS,
                    new DeleteGroupsRequest(List.of("g1", "never-was"))).body());
            assertEquals(ErrorCode.NONE, deleted.results().get(0).error());
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, deleted.results().get(1).error());
            assertEquals(-1, committed(c, "g1"));
        }
    }

    @Test
    void standaloneCommitsNeedNoMembership() {
        try (RawConnection c = new RawConnection(node.port())) {
            assertEquals(ErrorCode.NONE, commit(c, "standalone", OffsetCommitRequest.NO_GENERATION, "", 5));
            assertEquals(5, committed(c, "standalone"));
        }
    }

    @Test
    void txnOffsetCommitIsServedWithOneErrorPerPartitionInRequestOrder() {
        try (RawConnection c = new RawConnection(node.port())) {
            List<OffsetCommitRequest.Topic> topics = List.of(
                    new OffsetCommitRequest.Topic("b", List.of(new OffsetCommitRequest.Partition(1, 5, -1, null),
                            new OffsetCommitRequest.Partition(0, 6, -1, "m"))),
                    new OffsetCommitRequest.Topic("a", List.of(new OffsetCommitRequest.Partition(0, 7, -1, ""))));
            TxnOffsetCommitResponse stale = txnCommit(c, new TxnOffsetCommitRequest("tx", "txn-group", 1000, (short) 0,
                    3, "gone", null, topics));
            assertEquals(List.of("b", "a"), stale.topics().stream().map(PartitionErrors::name).toList());
            assertEquals(List.of(new PartitionErrors.PartitionError(1, ErrorCode.ILLEGAL_GENERATION),
                    new PartitionErrors.PartitionError(0, ErrorCode.ILLEGAL_GENERATION)), stale.topics().get(0).partitions());
            assertEquals(ErrorCode.ILLEGAL_GENERATION, stale.topics().get(1).partitions().get(0).error());
            assertEquals(ErrorCode.INVALID_GROUP_ID, txnCommit(c, new TxnOffsetCommitRequest("tx", "", 1000, (short) 0,
                    -1, "", null, topics)).topics().get(0).partitions().get(0).error());
            assertEquals(ErrorCode.INVALID_REQUEST, txnCommit(c, new TxnOffsetCommitRequest("tx", "txn-group", -1,
                    (short) 0, -1, "", null, topics)).topics().get(1).partitions().get(0).error());
        }
    }

    private static TxnOffsetCommitResponse txnCommit(RawConnection c, TxnOffsetCommitRequest req) {
        return TxnOffsetCommitResponse.readFrom(c.call(ApiKey.TXN_OFFSET_COMMIT, req).body());
    }

    @Test
    void theOffsetsTopicIsInternalAndProtected() {
        try (RawConnection c = new RawConnection(node.port())) {
            MetadataResponse md = MetadataResponse.readFrom(c.call(ApiKey.METADATA, new MetadataRequest(
                    List.of(TopicNames.CONSUMER_OFFSETS), false)).body());
            MetadataResponse.TopicMetadata offsets = md.topics().get(0);
            assertEquals(ErrorCode.NONE, offsets.error());
            assertTrue(offsets.isInternal());
            assertEquals(50, offsets.partitions().size());

            assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, NativeProtocolTest.produce(c, TopicNames.CONSUMER_OFFSETS, 0,
                    (short) -1, TestBatches.of("forged")).error());
            DeleteTopicsResponse del = DeleteTopicsResponse.readFrom(c.call(ApiKey.DELETE_TOPICS,
                    new DeleteTopicsRequest(List.of(TopicNames.CONSUMER_OFFSETS), 1000)).body());
            assertEquals(ErrorCode.INVALID_TOPIC_EXCEPTION, del.topics().get(0).error());
            CreatePartitionsResponse grow = CreatePartitionsResponse.readFrom(c.call(ApiKey.CREATE_PARTITIONS,
                    new CreatePartitionsRequest(List.of(new CreatePartitionsRequest.Topic(TopicNames.CONSUMER_OFFSETS, 60)),
                            1000, false)).body());
            assertEquals(ErrorCode.INVALID_PARTITIONS, grow.topics().get(0).error());
        }
    }

    private static JoinGroupRequest join(String group, String member, byte[] subscription) {
        return new JoinGroupRequest(group, 10_000, 10_000, member, null, "consumer",
                List.of(new JoinGroupRequest.Protocol("range", subscription)), null);
    }

    private static ErrorCode commit(RawConnection c, String group, int generation, String member, long offset) {
        OffsetCommitResponse r = OffsetCommitResponse.readFrom(c.call(ApiKey.OFFSET_COMMIT, new OffsetCommitRequest(group,
                generation, member, null, List.of(new OffsetCommitRequest.Topic("t", List.of(
                        new OffsetCommitRequest.Partition(0, offset, -1, "meta")))))).body());
        return r.topics().get(0).partitions().get(0).error();
    }

    private static long committed(RawConnection c, String group) {
        OffsetFetchResponse r = OffsetFetchResponse.readFrom(c.call(ApiKey.OFFSET_FETCH, new OffsetFetchRequest(group,
                List.of(new OffsetFetchRequest.Topic("t", List.of(0))))).body());
        assertEquals(ErrorCode.NONE, r.error());
        return r.topics().get(0).partitions().get(0).committedOffset();
    }
}
