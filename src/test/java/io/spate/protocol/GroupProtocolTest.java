package io.spate.protocol;

import static io.spate.protocol.GroupSampleMessages.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Codec tests specific to the group APIs and the {@code bytes} type; the generic round-trip,
 * truncation and garbage tests of {@link ProtocolTest} cover their samples too.
 */
class GroupProtocolTest {

    private static ByteBuf encode(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        return buf;
    }

    @Test
    void findCoordinatorKeyTypeOtherThanGroupIsReadable() {
        ByteBuf buf = encode(o -> new FindCoordinatorRequest("g", (byte) 1).writeTo(o));
        assertEquals(1, FindCoordinatorRequest.readFrom(buf).keyType());
        buf = encode(o -> new FindCoordinatorRequest("g", (byte) -7).writeTo(o));
        assertEquals(-7, FindCoordinatorRequest.readFrom(buf).keyType());
    }

    @Test
    void findCoordinatorErrorNamesNoNode() {
        FindCoordinatorResponse r = FindCoordinatorResponse.error(ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
        assertEquals(-1, r.nodeId());
        assertEquals("", r.host());
        assertEquals(-1, r.port());
    }

    @Test
    void bytesAreCopiedOutOfTheFrame() {
        ByteBuf frame = Unpooled.buffer().writeInt(3).writeBytes(b("abc"));
        byte[] read = Wire.readBytes(frame);
        frame.setByte(4, 'z');
        assertArrayEquals(b("abc"), read);
        Wire.requireFullyRead(frame);
    }

    @Test
    void emptyAndNullBytesAreDistinct() {
        assertArrayEquals(new byte[0], Wire.readNullableBytes(Unpooled.buffer().writeInt(0)));
        assertNull(Wire.readNullableBytes(Unpooled.buffer().writeInt(-1)));
        assertEquals(Unpooled.buffer().writeInt(-1), encode(o -> Wire.writeNullableBytes(o, null)));
    }

    @Test
    void nullBytesWhereAValueIsRequiredIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> Wire.readBytes(Unpooled.buffer().writeInt(-1)));
        ByteBuf protocol = Unpooled.buffer();
        Wire.writeString(protocol, "range");
        protocol.writeInt(-1);
        assertThrows(MalformedMessageException.class, () -> JoinGroupRequest.Protocol.readFrom(protocol));
    }

    @Test
    void negativeBytesLengthIsMalformed() {
        assertThrows(MalformedMessageException.class, () -> Wire.readNullableBytes(Unpooled.buffer().writeInt(-2)));
    }

    @Test
    void hugeBytesLengthIsMalformedWithoutAllocating() {
        ByteBuf buf = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeZero(16);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Wire.readBytes(buf));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void writingNullBytesWhereAValueIsRequiredIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new SyncGroupResponse(ErrorCode.NONE, null, null, null, null).writeTo(Unpooled.buffer()));
    }

    @Test
    void syncGroupErrorCarriesAnEmptyAssignmentNotNull() {
        ByteBuf buf = encode(SyncGroupResponse.error(ErrorCode.ILLEGAL_GENERATION, null)::writeTo);
        assertArrayEquals(new byte[0], SyncGroupResponse.readFrom(buf).assignment());
    }

    @Test
    void unknownGroupIsDescribedAsDeadWithoutError() {
        DescribeGroupsResponse.Group g = DescribeGroupsResponse.Group.dead("nope");
        assertEquals(ErrorCode.NONE, g.error());
        assertEquals("Dead", g.groupState());
        assertEquals(List.of(), g.members());
    }

    @Test
    void offsetFetchRequestWithNullTopicsAsksForEveryPartition() {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeString(buf, "g");
        buf.writeInt(-1);
        assertNull(OffsetFetchRequest.readFrom(buf).topics());
    }

    static Stream<Arguments> nullWhereNotAllowed() {
        return Stream.of(
                Arguments.of("FindCoordinator key", (Runnable) () -> FindCoordinatorRequest.readFrom(
                        Unpooled.buffer().writeShort(-1).writeByte(0))),
                Arguments.of("JoinGroup protocols", (Runnable) () -> JoinGroupRequest.readFrom(encode(o -> {
                    Wire.writeString(o, "g");
                    o.writeInt(1).writeInt(1);
                    Wire.writeString(o, "");
                    Wire.writeNullableString(o, null);
                    Wire.writeString(o, "consumer");
                    o.writeInt(-1).writeShort(-1);
                }))),
                Arguments.of("LeaveGroup members", (Runnable) () -> LeaveGroupRequest.readFrom(encode(o -> {
                    Wire.writeString(o, "g");
                    o.writeInt(-1);
                }))),
                Arguments.of("OffsetCommit topics", (Runnable) () -> OffsetCommitRequest.readFrom(encode(o -> {
                    Wire.writeString(o, "g");
                    o.writeInt(-1);
                    Wire.writeString(o, "");
                    o.writeShort(-1).writeInt(-1);
                }))),
                Arguments.of("OffsetFetch partitions", (Runnable) () -> OffsetFetchRequest.Topic.readFrom(encode(o -> {
                    Wire.writeString(o, "t");
                    o.writeInt(-1);
                }))),
                Arguments.of("DescribeGroups group_ids", (Runnable) () -> DescribeGroupsRequest.readFrom(
                        Unpooled.buffer().writeInt(-1))),
                Arguments.of("ListGroups states_filter", (Runnable) () -> ListGroupsRequest.readFrom(
                        Unpooled.buffer().writeInt(-1))),
                Arguments.of("DeleteGroups group_ids", (Runnable) () -> DeleteGroupsRequest.readFrom(
                        Unpooled.buffer().writeInt(-1))),
                Arguments.of("Heartbeat member_id", (Runnable) () -> HeartbeatRequest.readFrom(encode(o -> {
                    Wire.writeString(o, "g");
                    o.writeInt(1).writeShort(-1).writeShort(-1);
                }))),
                Arguments.of("DescribeGroups member_assignment", (Runnable) () ->
                        DescribeGroupsResponse.Member.readFrom(encode(o -> {
                            for (int i = 0; i < 4; i++) {
                                Wire.writeString(o, "x");
                            }
                            o.writeInt(0).writeInt(-1);
                        }))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullWhereNotAllowed")
    void nullWhereAValueIsRequiredIsMalformed(String what, Runnable read) {
        assertThrows(MalformedMessageException.class, read::run, what);
    }

    static Stream<Arguments> bodiesStartingWithAnArray() {
        return Stream.of(
                Arguments.of("DescribeGroupsRequest", (Function<ByteBuf, Message>) DescribeGroupsRequest::readFrom),
                Arguments.of("DescribeGroupsResponse", (Function<ByteBuf, Message>) DescribeGroupsResponse::readFrom),
                Arguments.of("ListGroupsRequest", (Function<ByteBuf, Message>) ListGroupsRequest::readFrom),
                Arguments.of("DeleteGroupsRequest", (Function<ByteBuf, Message>) DeleteGroupsRequest::readFrom),
                Arguments.of("DeleteGroupsResponse", (Function<ByteBuf, Message>) DeleteGroupsResponse::readFrom),
                Arguments.of("OffsetCommitResponse", (Function<ByteBuf, Message>) OffsetCommitResponse::readFrom));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesStartingWithAnArray")
    void negativeOrHugeTopLevelCountIsMalformed(String name, Function<ByteBuf, Message> reader) {
        for (int count : new int[] {-2, Integer.MIN_VALUE, Integer.MAX_VALUE, 1_000_000}) {
            ByteBuf buf = Unpooled.buffer().writeInt(count).writeZero(64);
            assertThrows(MalformedMessageException.class, () -> reader.apply(buf), name + " count " + count);
        }
    }

    static Stream<Arguments> nestedCounts() {
        return Stream.of(
                Arguments.of("JoinGroupResponse members", JoinGroupResponse.Member.MIN_BYTES,
                        (Function<ByteBuf, Object>) in -> Wire.readArray(in,
                                JoinGroupResponse.Member.MIN_BYTES, JoinGroupResponse.Member::readFrom)),
                Arguments.of("OffsetCommitRequest partitions", OffsetCommitRequest.Partition.MIN_BYTES,
                        (Function<ByteBuf, Object>) in -> Wire.readArray(in,
                                OffsetCommitRequest.Partition.MIN_BYTES, OffsetCommitRequest.Partition::readFrom)),
                Arguments.of("OffsetFetchResponse partitions", OffsetFetchResponse.Partition.MIN_BYTES,
                        (Function<ByteBuf, Object>) in -> OffsetFetchResponse.Topic.readFrom(
                                prefixed("t", in))),
                Arguments.of("DescribeGroupsResponse members", DescribeGroupsResponse.Member.MIN_BYTES,
                        (Function<ByteBuf, Object>) in -> Wire.readArray(in,
                                DescribeGroupsResponse.Member.MIN_BYTES, DescribeGroupsResponse.Member::readFrom)));
    }

    private static ByteBuf prefixed(String name, ByteBuf rest) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeString(buf, name);
        return buf.writeBytes(rest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestedCounts")
    void nestedCountIsBoundedByTheSmallestItemSize(String what, int minBytes,
                                                   Function<ByteBuf, Object> read) {
        ByteBuf buf = Unpooled.buffer().writeInt(3).writeZero(3 * minBytes - 1);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> read.apply(buf), what);
        assertTrue(e.getMessage().contains("array count"), e.getMessage());
    }

    /** A too-large minimum would reject valid bodies: each MIN_BYTES must be the size of the smallest item. */
    @Test
    void minimumItemSizesAreTheSmallestEncodings() {
        byte[] none = new byte[0];
        assertMin(JoinGroupRequest.Protocol.MIN_BYTES, o -> new JoinGroupRequest.Protocol("", none).writeTo(o));
        assertMin(JoinGroupResponse.Member.MIN_BYTES, o -> new JoinGroupResponse.Member("", null, none).writeTo(o));
        assertMin(SyncGroupRequest.Assignment.MIN_BYTES, o -> new SyncGroupRequest.Assignment("", none).writeTo(o));
        assertMin(LeaveGroupRequest.Member.MIN_BYTES, o -> new LeaveGroupRequest.Member("", null, null).writeTo(o));
        assertMin(LeaveGroupResponse.MemberResponse.MIN_BYTES,
                o -> new LeaveGroupResponse.MemberResponse("", null, ErrorCode.NONE, null).writeTo(o));
        assertMin(OffsetCommitRequest.Topic.MIN_BYTES, o -> new OffsetCommitRequest.Topic("", List.of()).writeTo(o));
        assertMin(OffsetCommitRequest.Partition.MIN_BYTES,
                o -> new OffsetCommitRequest.Partition(0, 0, 0, null).writeTo(o));
        assertMin(OffsetCommitResponse.Topic.MIN_BYTES, o -> new OffsetCommitResponse.Topic("", List.of()).writeTo(o));
        assertMin(OffsetCommitResponse.Partition.MIN_BYTES,
                o -> new OffsetCommitResponse.Partition(0, ErrorCode.NONE, null).writeTo(o));
        assertMin(OffsetFetchRequest.Topic.MIN_BYTES, o -> new OffsetFetchRequest.Topic("", List.of()).writeTo(o));
        assertMin(OffsetFetchResponse.Topic.MIN_BYTES, o -> new OffsetFetchResponse.Topic("", List.of()).writeTo(o));
        assertMin(OffsetFetchResponse.Partition.MIN_BYTES,
                o -> new OffsetFetchResponse.Partition(0, 0, 0, null, 0, ErrorCode.NONE, null).writeTo(o));
        assertMin(DescribeGroupsResponse.Group.MIN_BYTES,
                o -> new DescribeGroupsResponse.Group(ErrorCode.NONE, null, "", "", "", "", List.of()).writeTo(o));
        assertMin(DescribeGroupsResponse.Member.MIN_BYTES,
                o -> new DescribeGroupsResponse.Member("", null, "", "", none, none).writeTo(o));
        assertMin(ListGroupsResponse.Group.MIN_BYTES, o -> new ListGroupsResponse.Group("", "", "").writeTo(o));
        assertMin(DeleteGroupsResponse.GroupResult.MIN_BYTES,
                o -> new DeleteGroupsResponse.GroupResult("", ErrorCode.NONE, null).writeTo(o));
    }

    private static void assertMin(int minBytes, Consumer<ByteBuf> smallest) {
        assertEquals(minBytes, encode(smallest).readableBytes());
    }

    @Test
    void newErrorCodesHaveKafkasNumbers() {
        assertEquals(ErrorCode.OFFSET_METADATA_TOO_LARGE, ErrorCode.forCode((short) 12));
        assertEquals(ErrorCode.GROUP_MAX_SIZE_REACHED, ErrorCode.forCode((short) 81));
    }

    @Test
    void byteFieldsCompareByContentInTheTestHelper() {
        MessageAssertions.assertMessageEquals(new HeartbeatResponse(ErrorCode.NONE, null),
                new HeartbeatResponse(ErrorCode.NONE, null));
        MessageAssertions.assertMessageEquals(new SyncGroupResponse(ErrorCode.NONE, null, null, null, b("a")),
                new SyncGroupResponse(ErrorCode.NONE, null, null, null, b("a")));
        assertThrows(AssertionFailedError.class, () -> MessageAssertions.assertMessageEquals(
                new SyncGroupResponse(ErrorCode.NONE, null, null, null, b("a")),
                new SyncGroupResponse(ErrorCode.NONE, null, null, null, b("b"))));
    }
}
