package io.spate.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.AlterPartitionReassignmentsRequest;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ApiVersionsRequest;
import io.spate.protocol.CreatePartitionsRequest;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.DeleteGroupsRequest;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.DescribeConfigsRequest;
import io.spate.protocol.DescribeGroupsRequest;
import io.spate.protocol.DescribeLogDirsRequest;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.HeartbeatRequest;
import io.spate.protocol.IncrementalAlterConfigsRequest;
import io.spate.protocol.JoinGroupRequest;
import io.spate.protocol.LeaveGroupRequest;
import io.spate.protocol.ListGroupsRequest;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.ListPartitionReassignmentsRequest;
import io.spate.protocol.Message;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.SyncGroupRequest;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatchBuilder;
import java.util.List;
import java.util.Random;

/**
 * A valid request body for every {@link ApiKey}, with some fields drawn from a {@link Random}: the
 * material the fuzzer mutates. The requests name only the fuzz topics ({@link #TARGET_TOPIC},
 * {@link #SCRATCH_TOPIC}) and group, never the data topic a probe checks afterwards; the names differ
 * in length from it, so no bit flip turns one into the other.
 */
final class RequestTemplates {
    /** The topic fuzzed produce and fetch requests go to (created by the fuzzer, with a large max.message.bytes). */
    static final String TARGET_TOPIC = "fuzz-target";
    /** The topic fuzzed admin requests create, alter and delete. */
    static final String SCRATCH_TOPIC = "fuzz-scratch-topic";
    static final String GROUP = "fuzz-group";

    private RequestTemplates() {
    }

    /** A valid body for {@code key}. */
    static Message body(ApiKey key, Random r) {
        return switch (key) {
            case PRODUCE -> new ProduceRequest(r.nextBoolean() ? ProduceRequest.ACKS_ALL : ProduceRequest.ACKS_LEADER, 5_000,
                    List.of(new ProduceRequest.TopicData(TARGET_TOPIC, List.of(new ProduceRequest.PartitionData(
                            r.nextInt(2), smallBatch(r))))));
            case FETCH -> new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, r.nextInt(50), 1, 1 << 20,
                    List.of(new FetchRequest.TopicData(TARGET_TOPIC, List.of(new FetchRequest.PartitionData(r.nextInt(2),
                            FetchRequest.UNKNOWN_LEADER_EPOCH, r.nextInt(20), 1 << 16)))));
            case LIST_OFFSETS -> new ListOffsetsRequest(-1, List.of(new ListOffsetsRequest.TopicData(TARGET_TOPIC,
                    List.of(new ListOffsetsRequest.PartitionData(r.nextInt(2), -1L - r.nextInt(2))))));
            case METADATA -> r.nextBoolean() ? MetadataRequest.allTopics()
                    : new MetadataRequest(List.of(TARGET_TOPIC, SCRATCH_TOPIC), false);
            case OFFSET_COMMIT -> new OffsetCommitRequest(GROUP, OffsetCommitRequest.NO_GENERATION, "", null,
                    List.of(new OffsetCommitRequest.Topic(TARGET_TOPIC, List.of(new OffsetCommitRequest.Partition(
                            r.nextInt(2), r.nextInt(100), -1, "m")))));
            case OFFSET_FETCH -> new OffsetFetchRequest(GROUP, r.nextBoolean() ? null
                    : List.of(new OffsetFetchRequest.Topic(TARGET_TOPIC, List.of(0, 1))));
            case FIND_COORDINATOR -> FindCoordinatorRequest.forGroup(GROUP);
            case JOIN_GROUP -> new JoinGroupRequest(GROUP, 10_000, 10_000, JoinGroupRequest.UNKNOWN_MEMBER_ID, null,
                    JoinGroupRequest.CONSUMER_PROTOCOL_TYPE, List.of(new JoinGroupRequest.Protocol("range", new byte[] {0, 3})),
                    "fuzz");
            case HEARTBEAT -> new HeartbeatRequest(GROUP, r.nextInt(3), "member-" + r.nextInt(3), null);
            case LEAVE_GROUP -> new LeaveGroupRequest(GROUP, List.of(new LeaveGroupRequest.Member("member-1", null, "fuzz")));
            case SYNC_GROUP -> new SyncGroupRequest(GROUP, r.nextInt(3), "member-1", null, "consumer", "range",
                    List.of(new SyncGroupRequest.Assignment("member-1", new byte[] {0, 3, 0, 0, 0, 0})));
            case DESCRIBE_GROUPS -> new DescribeGroupsRequest(List.of(GROUP));
            case LIST_GROUPS -> ListGroupsRequest.all();
            case API_VERSIONS -> new ApiVersionsRequest();
            case DESCRIBE_QUORUM -> new io.spate.protocol.DescribeQuorumRequest();
            case INIT_PRODUCER_ID -> new io.spate.protocol.InitProducerIdRequest(r.nextInt(4) == 0 ? "fuzz-txn" : null, -1,
                    -1L, (short) -1);
            // a node id that never exists: the probe must not change the quorum, only exercise the refusal
            case ADD_RAFT_VOTER, REMOVE_RAFT_VOTER -> new io.spate.protocol.RaftVoterRequest(-1);
            case CREATE_TOPICS -> new CreateTopicsRequest(List.of(new CreateTopicsRequest.Topic(SCRATCH_TOPIC, 1 + r.nextInt(3),
                    (short) 1, List.of(new CreateTopicsRequest.Config("retention.ms", "60000")))), 5_000, r.nextBoolean());
            case DELETE_TOPICS -> new DeleteTopicsRequest(List.of(SCRATCH_TOPIC), 5_000);
            case OFFSET_FOR_LEADER_EPOCH -> new OffsetForLeaderEpochRequest(-1, List.of(new OffsetForLeaderEpochRequest.TopicData(
                    TARGET_TOPIC, List.of(new OffsetForLeaderEpochRequest.PartitionData(r.nextInt(2), -1, r.nextInt(2))))));
            case DESCRIBE_CONFIGS -> new DescribeConfigsRequest(List.of(TARGET_TOPIC, SCRATCH_TOPIC));
            case DESCRIBE_LOG_DIRS -> new DescribeLogDirsRequest(r.nextBoolean() ? null : List.of(TARGET_TOPIC));
            case CREATE_PARTITIONS -> new CreatePartitionsRequest(List.of(new CreatePartitionsRequest.Topic(SCRATCH_TOPIC,
                    2 + r.nextInt(3))), 5_000, r.nextBoolean());
            case DELETE_GROUPS -> new DeleteGroupsRequest(List.of(GROUP));
            case INCREMENTAL_ALTER_CONFIGS -> new IncrementalAlterConfigsRequest(List.of(new IncrementalAlterConfigsRequest.Topic(
                    SCRATCH_TOPIC, List.of(new IncrementalAlterConfigsRequest.Op("retention.ms",
                    IncrementalAlterConfigsRequest.OpType.SET, Integer.toString(60_000 + r.nextInt(1000)))))), r.nextBoolean());
            case ALTER_PARTITION_REASSIGNMENTS -> new AlterPartitionReassignmentsRequest(5_000, List.of(
                    new AlterPartitionReassignmentsRequest.Topic(SCRATCH_TOPIC, List.of(
                            new AlterPartitionReassignmentsRequest.Partition(0, List.of(1))))));
            case LIST_PARTITION_REASSIGNMENTS -> new ListPartitionReassignmentsRequest(5_000, r.nextBoolean() ? null
                    : List.of(new ListPartitionReassignmentsRequest.Topic(SCRATCH_TOPIC, List.of(0))));
            case ADD_PARTITIONS_TO_TXN -> new io.spate.protocol.AddPartitionsToTxnRequest("fuzz-txn", r.nextInt(3),
                    (short) 0, List.of(new io.spate.protocol.TopicPartitions(TARGET_TOPIC, List.of(r.nextInt(2)))));
            case ADD_OFFSETS_TO_TXN -> new io.spate.protocol.AddOffsetsToTxnRequest("fuzz-txn", r.nextInt(3), (short) 0, GROUP);
            case END_TXN -> new io.spate.protocol.EndTxnRequest("fuzz-txn", r.nextInt(3), (short) 0, r.nextBoolean());
            // markers only for a topic that never exists: the probe exercises the refusal, it writes no marker
            case WRITE_TXN_MARKERS -> new io.spate.protocol.WriteTxnMarkersRequest(List.of(
                    new io.spate.protocol.WriteTxnMarkersRequest.Marker(r.nextInt(3), (short) 0, r.nextBoolean(),
                            List.of(new io.spate.protocol.TopicPartitions("fuzz-no-such-topic", List.of(0))), 0)));
            case TXN_OFFSET_COMMIT -> new io.spate.protocol.TxnOffsetCommitRequest("fuzz-txn", GROUP, r.nextInt(3), (short) 0,
                    -1, "", null, List.of(new OffsetCommitRequest.Topic(TARGET_TOPIC, List.of(new OffsetCommitRequest.Partition(
                            r.nextInt(2), r.nextInt(100), -1, null)))));
            case DESCRIBE_PRODUCERS -> new io.spate.protocol.DescribeProducersRequest(List.of(
                    new io.spate.protocol.TopicPartitions(TARGET_TOPIC, List.of(0, 1))));
            case DESCRIBE_TRANSACTIONS -> new io.spate.protocol.DescribeTransactionsRequest(List.of("fuzz-txn"));
            case LIST_TRANSACTIONS -> new io.spate.protocol.ListTransactionsRequest(List.of(), List.of(), -1L);
        };
    }

    /** A batch of 1..5 small records, in one of the codecs the project supports. */
    private static ByteBuf smallBatch(Random r) {
        CompressionType[] codecs = CompressionType.values();
        RecordBatchBuilder b = new RecordBatchBuilder(codecs[r.nextInt(codecs.length)], 256);
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(1_700_000_000_000L + r.nextInt(1000), null, ("fuzz-" + r.nextInt(1000)).getBytes(), List.of());
        }
        return Unpooled.wrappedBuffer(b.build());
    }
}
