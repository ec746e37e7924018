package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One or more filled-in samples of every group API body, with nullable fields both set and null. */
final class GroupSampleMessages {
    private GroupSampleMessages() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<SampleMessages.Sample> all() {
        List<SampleMessages.Sample> s = new ArrayList<>();
        add(s, "FindCoordinatorRequest", FindCoordinatorRequest.forGroup("g-1"), FindCoordinatorRequest::readFrom);
        add(s, "FindCoordinatorResponse", FindCoordinatorResponse.coordinator(2, "127.0.0.1", 9093),
                FindCoordinatorResponse::readFrom);
        add(s, "FindCoordinatorResponseError",
                FindCoordinatorResponse.error(ErrorCode.COORDINATOR_NOT_AVAILABLE, "loading"),
                FindCoordinatorResponse::readFrom);
        add(s, "JoinGroupRequest", new JoinGroupRequest("g", 45_000, 300_000, JoinGroupRequest.UNKNOWN_MEMBER_ID, null,
                JoinGroupRequest.CONSUMER_PROTOCOL_TYPE, List.of(new JoinGroupRequest.Protocol("range", b("sub-r")),
                        new JoinGroupRequest.Protocol("roundrobin", new byte[0])), null),
                JoinGroupRequest::readFrom);
        add(s, "JoinGroupRequestStatic", new JoinGroupRequest("g", 10_000, 60_000, "m-1", "instance-a", "consumer",
                List.of(), "rejoining after restart"), JoinGroupRequest::readFrom);
        add(s, "JoinGroupResponseLeader", new JoinGroupResponse(ErrorCode.NONE, null, 3, "consumer", "range", "m-1",
                false, "m-1", List.of(new JoinGroupResponse.Member("m-1", null, b("sub-1")),
                        new JoinGroupResponse.Member("m-2", "instance-b", new byte[] {0, -1, 127}))),
                JoinGroupResponse::readFrom);
        add(s, "JoinGroupResponseMemberIdRequired",
                JoinGroupResponse.error(ErrorCode.MEMBER_ID_REQUIRED, null, "client-1-5f3c"),
                JoinGroupResponse::readFrom);
        add(s, "SyncGroupRequestLeader", new SyncGroupRequest("g", 3, "m-1", null, "consumer", "range",
                List.of(new SyncGroupRequest.Assignment("m-1", b("t:0,1")),
                        new SyncGroupRequest.Assignment("m-2", new byte[0]))), SyncGroupRequest::readFrom);
        add(s, "SyncGroupRequestFollower", new SyncGroupRequest("g", 3, "m-2", "instance-b", null, null, List.of()),
                SyncGroupRequest::readFrom);
        add(s, "SyncGroupResponse", new SyncGroupResponse(ErrorCode.NONE, null, "consumer", "range", b("t:0,1")),
                SyncGroupResponse::readFrom);
        add(s, "SyncGroupResponseError", SyncGroupResponse.error(ErrorCode.REBALANCE_IN_PROGRESS, "rejoin"),
                SyncGroupResponse::readFrom);
        add(s, "HeartbeatRequest", new HeartbeatRequest("g", 3, "m-1", null), HeartbeatRequest::readFrom);
        add(s, "HeartbeatRequestStatic", new HeartbeatRequest("g", 3, "m-2", "instance-b"), HeartbeatRequest::readFrom);
        add(s, "HeartbeatResponse", new HeartbeatResponse(ErrorCode.REBALANCE_IN_PROGRESS, null),
                HeartbeatResponse::readFrom);
        add(s, "LeaveGroupRequest", new LeaveGroupRequest("g", List.of(
                new LeaveGroupRequest.Member("m-1", null, "consumer closed"),
                new LeaveGroupRequest.Member("", "instance-b", null))), LeaveGroupRequest::readFrom);
        add(s, "LeaveGroupResponse", new LeaveGroupResponse(ErrorCode.NONE, null, List.of(
                new LeaveGroupResponse.MemberResponse("m-1", null, ErrorCode.NONE, null),
                new LeaveGroupResponse.MemberResponse("m-9", "instance-z", ErrorCode.UNKNOWN_MEMBER_ID, "no m-9"))),
                LeaveGroupResponse::readFrom);
        add(s, "OffsetCommitRequest", new OffsetCommitRequest("g", 3, "m-1", null, List.of(
                new OffsetCommitRequest.Topic("t", List.of(
                        new OffsetCommitRequest.Partition(0, 42, 5, "meta"),
                        new OffsetCommitRequest.Partition(1, 0, OffsetCommitRequest.UNKNOWN_LEADER_EPOCH, null))),
                new OffsetCommitRequest.Topic("u", List.of()))), OffsetCommitRequest::readFrom);
        add(s, "OffsetCommitRequestAdmin", new OffsetCommitRequest("g", OffsetCommitRequest.NO_GENERATION, "",
                "instance-a", List.of()), OffsetCommitRequest::readFrom);
        add(s, "OffsetCommitResponse", new OffsetCommitResponse(List.of(new OffsetCommitResponse.Topic("t", List.of(
                new OffsetCommitResponse.Partition(0, ErrorCode.NONE, null),
                new OffsetCommitResponse.Partition(1, ErrorCode.OFFSET_METADATA_TOO_LARGE, "4097 > 4096"))))),
                OffsetCommitResponse::readFrom);
        add(s, "OffsetFetchRequest", new OffsetFetchRequest("g", List.of(
                new OffsetFetchRequest.Topic("t", List.of(0, 1, 2)), new OffsetFetchRequest.Topic("u", List.of()))),
                OffsetFetchRequest::readFrom);
        add(s, "OffsetFetchRequestAll", OffsetFetchRequest.allPartitions("g"), OffsetFetchRequest::readFrom);
        add(s, "OffsetFetchResponse", new OffsetFetchResponse(ErrorCode.NONE, null, List.of(
                new OffsetFetchResponse.Topic("t", List.of(
                        new OffsetFetchResponse.Partition(0, 42, 5, "meta", 1_700_000_000_000L, ErrorCode.NONE, null),
                        new OffsetFetchResponse.Partition(1, OffsetFetchResponse.NO_OFFSET, -1, null,
                                OffsetFetchResponse.NO_OFFSET, ErrorCode.NONE, ""))))),
                OffsetFetchResponse::readFrom);
        add(s, "OffsetFetchResponseError", OffsetFetchResponse.error(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, null),
                OffsetFetchResponse::readFrom);
        add(s, "DescribeGroupsRequest", new DescribeGroupsRequest(List.of("g", "h")), DescribeGroupsRequest::readFrom);
        add(s, "DescribeGroupsResponse", new DescribeGroupsResponse(List.of(
                new DescribeGroupsResponse.Group(ErrorCode.NONE, null, "g", "Stable", "consumer", "range", List.of(
                        new DescribeGroupsResponse.Member("m-1", null, "client-1", "/127.0.0.1", b("sub"), b("asg")),
                        new DescribeGroupsResponse.Member("m-2", "instance-b", "", "/127.0.0.1", new byte[0],
                                new byte[0]))),
                DescribeGroupsResponse.Group.dead("h"),
                new DescribeGroupsResponse.Group(ErrorCode.NOT_COORDINATOR, "node 2", "i", "", "", "", List.of()))),
                DescribeGroupsResponse::readFrom);
        add(s, "ListGroupsRequest", new ListGroupsRequest(List.of("Stable", "Empty")), ListGroupsRequest::readFrom);
        add(s, "ListGroupsRequestAll", ListGroupsRequest.all(), ListGroupsRequest::readFrom);
        add(s, "ListGroupsResponse", new ListGroupsResponse(ErrorCode.NONE, null, List.of(
                new ListGroupsResponse.Group("g", "consumer", "Stable"),
                new ListGroupsResponse.Group("h", "", "Empty"))), ListGroupsResponse::readFrom);
        add(s, "DeleteGroupsRequest", new DeleteGroupsRequest(List.of("g", "h", "i")), DeleteGroupsRequest::readFrom);
        add(s, "DeleteGroupsResponse", new DeleteGroupsResponse(List.of(
                DeleteGroupsResponse.GroupResult.ok("g"),
                new DeleteGroupsResponse.GroupResult("h", ErrorCode.NON_EMPTY_GROUP, "2 members"),
                new DeleteGroupsResponse.GroupResult("i", ErrorCode.GROUP_ID_NOT_FOUND, null))),
                DeleteGroupsResponse::readFrom);
        return s;
    }

    private static <M extends Message> void add(List<SampleMessages.Sample> s, String name, M message,
                                                Function<ByteBuf, M> reader) {
        s.add(new SampleMessages.Sample(name, message, reader::apply));
    }
}
