package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerGroupMetadata;
import io.spate.client.ProducerConfig;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateProducer;
import io.spate.testing.KafkaCompat;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group APIs of the Kafka listener, request by request in chosen versions (kafka-clients'
 * message classes over a plain socket): error paths (unknown member, bad generation, empty group
 * id, unknown topics), old versions (JoinGroup v0 joins at once, LeaveGroup v0), batched versions
 * (FindCoordinator v4, LeaveGroup v3, OffsetFetch v8 with require_stable) and filters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KafkaGroupWireTest {
    /** Names unique to the run, so the tests can be repeated against one external Kafka. */
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String TOPIC = "wire-groups-" + RUN;
    private static final String G_OLD = "old-" + RUN;
    private static final String G_MODERN = "modern-" + RUN;
    private static final String G_STANDALONE = "standalone-" + RUN;
    private static final String G_TXN_GROUP = "txn-group-" + RUN;
    private KafkaCompat.Target target;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int correlation;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", target.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        String[] hostPort = target.bootstrap().split(":");
        socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5_000);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        // a real Kafka creates __consumer_offsets on the first look-up: wait until it coordinates
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        short error;
        do {
            FindCoordinatorResponseData r = send(ApiKeys.FIND_COORDINATOR, 3, new FindCoordinatorRequestData().setKey("g"));
            error = r.errorCode();
        } while (error != Errors.NONE.code() && System.nanoTime() < deadline && sleep());
        assertEquals(Errors.NONE.code(), error);
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    @AfterAll
    void stop() throws IOException {
        if (socket != null) {
            socket.close();
        }
        if (target != null) {
            target.close();
        }
    }

    /** Sends {@code data} as {@code key} v{@code version} and returns the answer's data. */
    @SuppressWarnings("unchecked")
    <T extends ApiMessage> T send(ApiKeys key, int version, ApiMessage data) throws IOException {
        short v = (short) version;
        RequestHeader header = new RequestHeader(key, v, "wire-test", ++correlation);
        AbstractRequest request = AbstractRequest.parseRequest(key, v,
                new org.apache.kafka.common.protocol.ByteBufferAccessor(
                        org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(data, v).buffer())).request;
        ByteBuffer bytes = request.serializeWithHeader(header);
        byte[] frame = new byte[4 + bytes.remaining()];
        ByteBuffer.wrap(frame).putInt(bytes.remaining()).put(bytes);
        out.write(frame);
        out.flush();
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        AbstractResponse response = AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header);
        return (T) response.data();
    }

    JoinGroupRequestData join(String group, String memberId) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {0, 0,
                0, 0, 0, 0, -1, -1, -1, -1}));
        return new JoinGroupRequestData().setGroupId(group).setMemberId(memberId).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000).setProtocolType("consumer").setProtocols(protocols);
    }

    OffsetCommitRequestData commit(String group, int generation, String member, String topic, int partition, long offset) {
        OffsetCommitRequestData.OffsetCommitRequestTopic t = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setName(topic);
        t.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(partition)
                .setCommittedOffset(offset));
        return new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(generation).setMemberId(member)
                .setTopics(List.of(t));
    }

    static short partitionError(OffsetCommitResponseData r) {
        return r.topics().get(0).partitions().get(0).errorCode();
    }

    @Test
    void joinGroupV0JoinsAtOnceAndTheMemberIsFencedByGenerationAndId() throws Exception {
        JoinGroupResponseData joined = send(ApiKeys.JOIN_GROUP, 0, join(G_OLD, ""));
        assertEquals(Errors.NONE.code(), joined.errorCode(), "below v4 a new member joins without MEMBER_ID_REQUIRED");
        assertNotEquals("", joined.memberId());
        assertEquals(joined.memberId(), joined.leader());
        assertEquals(1, joined.members().size());
        String member = joined.memberId();
        int generation = joined.generationId();
        JoinGroupResponseData modern = send(ApiKeys.JOIN_GROUP, 9, join(G_MODERN, ""));
        assertEquals(Errors.MEMBER_ID_REQUIRED.code(), modern.errorCode());

        SyncGroupResponseData badSync = send(ApiKeys.SYNC_GROUP, 0, new SyncGroupRequestData().setGroupId(G_OLD)
                .setGenerationId(generation + 1).setMemberId(member));
        assertEquals(Errors.ILLEGAL_GENERATION.code(), badSync.errorCode());
        SyncGroupResponseData noProtocol = send(ApiKeys.SYNC_GROUP, 5, new SyncGroupRequestData().setGroupId(G_OLD)
                .setGenerationId(generation).setMemberId(member));
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL.code(), noProtocol.errorCode(),
                "v5 must name the protocol type and name");
        SyncGroupResponseData synced = send(ApiKeys.SYNC_GROUP, 5, new SyncGroupRequestData().setGroupId(G_OLD)
                .setGenerationId(generation).setMemberId(member).setProtocolType("consumer").setProtocolName("range")
                .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(member)
                        .setAssignment(new byte[] {7}))));
        assertEquals(Errors.NONE.code(), synced.errorCode());
        assertEquals(7, synced.assignment()[0]);

        assertEquals(Errors.NONE.code(), this.<org.apache.kafka.common.message.HeartbeatResponseData>send(
                ApiKeys.HEARTBEAT, 0, heartbeat(G_OLD, generation, member)).errorCode());
        assertEquals(Errors.ILLEGAL_GENERATION.code(), this.<org.apache.kafka.common.message.HeartbeatResponseData>send(
                ApiKeys.HEARTBEAT, 4, heartbeat(G_OLD, generation + 1, member)).errorCode());
        assertEquals(Errors.UNKNOWN_MEMBER_ID.code(), this.<org.apache.kafka.common.message.HeartbeatResponseData>send(
                ApiKeys.HEARTBEAT, 4, heartbeat(G_OLD, generation, "ghost")).errorCode());

        assertEquals(Errors.ILLEGAL_GENERATION.code(), partitionError(send(ApiKeys.OFFSET_COMMIT, 2,
                commit(G_OLD, generation + 1, member, TOPIC, 0, 5))));
        assertEquals(Errors.UNKNOWN_MEMBER_ID.code(), partitionError(send(ApiKeys.OFFSET_COMMIT, 9,
                commit(G_OLD, generation, "ghost", TOPIC, 0, 5))));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), partitionError(send(ApiKeys.OFFSET_COMMIT, 9,
                commit(G_OLD, generation, member, "no-such-topic", 0, 5))));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), partitionError(send(ApiKeys.OFFSET_COMMIT, 9,
                commit(G_OLD, generation, member, TOPIC, 2, 5))), "the topic has partitions 0 and 1 only");
        assertEquals(Errors.NONE.code(), partitionError(send(ApiKeys.OFFSET_COMMIT, 9,
                commit(G_OLD, generation, member, TOPIC, 1, 42))));

        OffsetFetchRequestData.OffsetFetchRequestTopic wanted = new OffsetFetchRequestData.OffsetFetchRequestTopic()
                .setName(TOPIC).setPartitionIndexes(List.of(0, 1));
        OffsetFetchResponseData fetched = send(ApiKeys.OFFSET_FETCH, 1, new OffsetFetchRequestData().setGroupId(G_OLD)
                .setTopics(List.of(wanted)));
        assertEquals(-1, fetched.topics().get(0).partitions().get(0).committedOffset());
        assertEquals(42, fetched.topics().get(0).partitions().get(1).committedOffset());

        LeaveGroupResponseData ghostLeaves = send(ApiKeys.LEAVE_GROUP, 0, new LeaveGroupRequestData().setGroupId(G_OLD)
                .setMemberId("ghost"));
        assertEquals(Errors.UNKNOWN_MEMBER_ID.code(), ghostLeaves.errorCode(), "v0 answers the member's error at the top");
        LeaveGroupResponseData batch = send(ApiKeys.LEAVE_GROUP, 3, new LeaveGroupRequestData().setGroupId(G_OLD)
                .setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(member),
                        new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"))));
        assertEquals(Errors.NONE.code(), batch.errorCode());
        assertEquals(List.of(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code()),
                batch.members().stream().map(LeaveGroupResponseData.MemberResponse::errorCode).toList());
        DescribeGroupsResponseData described = send(ApiKeys.DESCRIBE_GROUPS, 5, new DescribeGroupsRequestData()
                .setGroups(List.of(G_OLD)));
        assertEquals("Empty", described.groups().get(0).groupState());
    }

    static HeartbeatRequestData heartbeat(String group, int generation, String member) {
        return new HeartbeatRequestData().setGroupId(group).setGenerationId(generation).setMemberId(member);
    }

    @Test
    void anEmptyGroupIdIsRefusedWhereKafkaRefusesIt() throws Exception {
        JoinGroupResponseData join = send(ApiKeys.JOIN_GROUP, 9, join("", ""));
        assertEquals(Errors.INVALID_GROUP_ID.code(), join.errorCode());
        assertEquals(Errors.INVALID_GROUP_ID.code(), this.<org.apache.kafka.common.message.HeartbeatResponseData>send(
                ApiKeys.HEARTBEAT, 4, heartbeat("", 1, "m")).errorCode());
        assertEquals(Errors.INVALID_GROUP_ID.code(), this.<SyncGroupResponseData>send(ApiKeys.SYNC_GROUP, 3,
                new SyncGroupRequestData().setGroupId("").setGenerationId(1).setMemberId("m")).errorCode());
        // Kafka finds a coordinator for "" (the APIs that use a group id refuse it, not FindCoordinator)
        FindCoordinatorResponseData old = send(ApiKeys.FIND_COORDINATOR, 3, new FindCoordinatorRequestData().setKey(""));
        assertEquals(Errors.NONE.code(), old.errorCode());
        FindCoordinatorResponseData batched = send(ApiKeys.FIND_COORDINATOR, 6, new FindCoordinatorRequestData()
                .setCoordinatorKeys(List.of("", "some-group")));
        assertEquals(Errors.NONE.code(), batched.coordinators().get(0).errorCode());
        assertEquals(Errors.NONE.code(), batched.coordinators().get(1).errorCode());
        OffsetDeleteResponseData delete = send(ApiKeys.OFFSET_DELETE, 0, new OffsetDeleteRequestData().setGroupId(""));
        assertEquals(Errors.INVALID_GROUP_ID.code(), delete.errorCode());
    }

    @Test
    void findCoordinatorAnswersTheKafkaListenerOfTheCoordinator() throws Exception {
        assumeTrue(target.isSpate());
        FindCoordinatorResponseData r = send(ApiKeys.FIND_COORDINATOR, 4, new FindCoordinatorRequestData()
                .setKeyType((byte) 0).setCoordinatorKeys(List.of("a", "b")));
        for (FindCoordinatorResponseData.Coordinator c : r.coordinators()) {
            assertEquals(Errors.NONE.code(), c.errorCode());
            assertEquals(target.node().nodeId(), c.nodeId());
            assertEquals(target.node().kafkaPort(), c.port(), "the Kafka listener, not the native one");
        }
        FindCoordinatorResponseData v0 = send(ApiKeys.FIND_COORDINATOR, 0, new FindCoordinatorRequestData().setKey("a"));
        assertEquals(target.node().kafkaPort(), v0.port());
        FindCoordinatorResponseData share = send(ApiKeys.FIND_COORDINATOR, 6, new FindCoordinatorRequestData()
                .setKeyType((byte) 2).setCoordinatorKeys(List.of("s")));
        assertEquals(Errors.INVALID_REQUEST.code(), share.coordinators().get(0).errorCode());

        // a transactional id's coordinator: __transaction_state is created by the first look-up
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        FindCoordinatorResponseData.Coordinator txn;
        do {
            FindCoordinatorResponseData t = send(ApiKeys.FIND_COORDINATOR, 4, new FindCoordinatorRequestData()
                    .setKeyType((byte) 1).setCoordinatorKeys(List.of("tx")));
            txn = t.coordinators().get(0);
            if (txn.errorCode() != Errors.NONE.code()) {
                assertEquals(Errors.COORDINATOR_NOT_AVAILABLE.code(), txn.errorCode());
                Thread.sleep(100);
            }
        } while (txn.errorCode() != Errors.NONE.code() && System.nanoTime() < deadline);
        assertEquals(Errors.NONE.code(), txn.errorCode());
        assertEquals(target.node().kafkaPort(), txn.port());
    }

    @Test
    void listGroupsFiltersByStateAndTypeAndDescribeV6NamesAnUnknownGroup() throws Exception {
        assertEquals(Errors.NONE.code(), partitionError(send(ApiKeys.OFFSET_COMMIT, 9,
                commit(G_STANDALONE, -1, "", TOPIC, 0, 1))));
        ListGroupsResponseData all = send(ApiKeys.LIST_GROUPS, 5, new ListGroupsRequestData());
        ListGroupsResponseData.ListedGroup g = all.groups().stream().filter(x -> x.groupId().equals(G_STANDALONE))
                .findFirst().orElseThrow();
        assertEquals("classic", g.groupType());
        assertEquals("Empty", g.groupState());
        ListGroupsResponseData consumerType = send(ApiKeys.LIST_GROUPS, 5, new ListGroupsRequestData()
                .setTypesFilter(List.of("consumer")));
        assertTrue(consumerType.groups().isEmpty(), "no KIP-848 consumer groups here");
        ListGroupsResponseData stable = send(ApiKeys.LIST_GROUPS, 4, new ListGroupsRequestData()
                .setStatesFilter(List.of("Stable")));
        assertTrue(stable.groups().stream().noneMatch(x -> x.groupId().equals(G_STANDALONE)));
        ListGroupsResponseData v0 = send(ApiKeys.LIST_GROUPS, 0, new ListGroupsRequestData());
        assertTrue(v0.groups().stream().anyMatch(x -> x.groupId().equals(G_STANDALONE)));

        DescribeGroupsResponseData v6 = send(ApiKeys.DESCRIBE_GROUPS, 6, new DescribeGroupsRequestData()
                .setGroups(List.of("nobody", G_STANDALONE)));
        assertEquals(Errors.GROUP_ID_NOT_FOUND.code(), v6.groups().get(0).errorCode());
        assertEquals("Dead", v6.groups().get(0).groupState());
        assertEquals(Errors.NONE.code(), v6.groups().get(1).errorCode());
        DescribeGroupsResponseData v5 = send(ApiKeys.DESCRIBE_GROUPS, 5, new DescribeGroupsRequestData()
                .setGroups(List.of("nobody")));
        assertEquals(Errors.NONE.code(), v5.groups().get(0).errorCode(), "before v6 an unknown group is Dead, no error");
        assertEquals("Dead", v5.groups().get(0).groupState());

        OffsetDeleteResponseData unknown = send(ApiKeys.OFFSET_DELETE, 0, new OffsetDeleteRequestData().setGroupId("nobody"));
        assertEquals(Errors.GROUP_ID_NOT_FOUND.code(), unknown.errorCode());
    }

    @Test
    void offsetFetchWithRequireStableWaitsOutAnOpenTransaction() throws Exception {
        assumeTrue(target.isSpate()); // the open transaction is made with Spate's own client
        String bootstrap = "127.0.0.1:" + target.node().port();
        io.spate.protocol.TopicPartition tp = new io.spate.protocol.TopicPartition(TOPIC, 0);
        assertEquals(Errors.NONE.code(), partitionError(send(ApiKeys.OFFSET_COMMIT, 9,
                commit(G_TXN_GROUP, -1, "", TOPIC, 0, 5))));
        SpateProducer producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(bootstrap)
                .setTransactionalId("wire-test-txn"));
        Duration wait = Duration.ofSeconds(30);
        try {
            Blocking.await(producer.initTransactions(), wait);
            producer.beginTransaction();
            Blocking.await(producer.sendOffsetsToTransaction(Map.of(tp,
                    new io.spate.client.OffsetAndMetadata(9, null, Optional.empty())),
                    new ConsumerGroupMetadata(G_TXN_GROUP, -1, "", Optional.empty())), wait);

            OffsetFetchResponseData.OffsetFetchResponsePartitions stable = fetchV8(G_TXN_GROUP, true);
            assertEquals(Errors.UNSTABLE_OFFSET_COMMIT.code(), stable.errorCode());
            assertEquals(-1, stable.committedOffset());
            OffsetFetchResponseData.OffsetFetchResponsePartitions loose = fetchV8(G_TXN_GROUP, false);
            assertEquals(Errors.NONE.code(), loose.errorCode());
            assertEquals(5, loose.committedOffset());

            Blocking.await(producer.commitTransaction(), wait);
            long deadline = System.nanoTime() + wait.toNanos();
            OffsetFetchResponseData.OffsetFetchResponsePartitions after;
            do {
                after = fetchV8(G_TXN_GROUP, true);
            } while (after.errorCode() == Errors.UNSTABLE_OFFSET_COMMIT.code() && System.nanoTime() < deadline);
            assertEquals(Errors.NONE.code(), after.errorCode());
            assertEquals(9, after.committedOffset());
        } finally {
            Blocking.await(producer.close(), wait);
        }
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(bootstrap));
        try {
            assertEquals(9, Blocking.await(admin.listGroupOffsets(G_TXN_GROUP), wait).get(tp).offset());
        } finally {
            Blocking.await(admin.close(), wait);
        }
    }

    /** OffsetFetch v8 of partition 0 for {@code group} and, in the same request, an unknown group. */
    OffsetFetchResponseData.OffsetFetchResponsePartitions fetchV8(String group, boolean requireStable) throws Exception {
        OffsetFetchRequestData.OffsetFetchRequestTopics t = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                .setName(TOPIC).setPartitionIndexes(List.of(0));
        OffsetFetchResponseData r = send(ApiKeys.OFFSET_FETCH, 8, new OffsetFetchRequestData().setRequireStable(requireStable)
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(t)),
                        new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("nobody").setTopics(null))));
        assertEquals(2, r.groups().size());
        assertEquals("nobody", r.groups().get(1).groupId());
        assertTrue(r.groups().get(1).topics().isEmpty());
        return r.groups().get(0).topics().get(0).partitions().get(0);
    }
}
