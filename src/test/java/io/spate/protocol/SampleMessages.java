package io.spate.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One filled-in sample of every request and response body, with its reader, for codec tests (the
 * group APIs' samples are in {@link GroupSampleMessages}).
 */
final class SampleMessages {
    record Sample(String name, Message message, Function<ByteBuf, Message> reader) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SampleMessages() {
    }

    static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<Sample> all() {
        List<Sample> s = new ArrayList<>();
        s.add(new Sample("ApiVersionsRequest", new ApiVersionsRequest(), ApiVersionsRequest::readFrom));
        s.add(new Sample("ApiVersionsResponse", ApiVersionsResponse.allKnown(), ApiVersionsResponse::readFrom));
        s.add(new Sample("MetadataRequest", new MetadataRequest(List.of("a", "bé"), true), MetadataRequest::readFrom));
        s.add(new Sample("DescribeQuorumRequest", new DescribeQuorumRequest(), DescribeQuorumRequest::readFrom));
        s.add(new Sample("DescribeQuorumResponse", new DescribeQuorumResponse(ErrorCode.NONE, null, 2, true, 1, 7,
                List.of(1, 2, 3), true, 412, 38, List.of(), List.of()), DescribeQuorumResponse::readFrom));
        s.add(new Sample("DescribeQuorumResponseLeader", new DescribeQuorumResponse(ErrorCode.NONE, null, 1, true, 1, 9,
                List.of(1, 2, 3), true, 0, 40, List.of(4, 5), List.of(new DescribeQuorumResponse.Follower(2, 120, 0),
                new DescribeQuorumResponse.Follower(3, -1, 17), new DescribeQuorumResponse.Follower(4, 95, 2),
                new DescribeQuorumResponse.Follower(5, 3000, -1))), DescribeQuorumResponse::readFrom));
        s.add(new Sample("RaftVoterRequest", new RaftVoterRequest(4), RaftVoterRequest::readFrom));
        s.add(new Sample("RaftVoterResponse", new RaftVoterResponse(ErrorCode.INVALID_REQUEST, "node 9 is not live"),
                RaftVoterResponse::readFrom));
        s.add(new Sample("DescribeQuorumResponseDisabled", new DescribeQuorumResponse(ErrorCode.NONE, null, 1, false, -1,
                -1, List.of(), false, -1, 5, List.of(), List.of()), DescribeQuorumResponse::readFrom));
        s.add(new Sample("MetadataRequestAll", MetadataRequest.allTopics(), MetadataRequest::readFrom));
        s.add(new Sample("MetadataResponse", new MetadataResponse(
                List.of(new MetadataResponse.Broker(1, "127.0.0.1", 9092, null),
                        new MetadataResponse.Broker(2, "h2", 9093, "rack-a")),
                "cluster-1", 1,
                List.of(new MetadataResponse.TopicMetadata(ErrorCode.NONE, "t", false, List.of(
                                new MetadataResponse.PartitionMetadata(ErrorCode.NONE, 0, 1, 3, List.of(1, 2), List.of(1)),
                                new MetadataResponse.PartitionMetadata(ErrorCode.LEADER_NOT_AVAILABLE, 1, -1, 0,
                                        List.of(2), List.of()))),
                        new MetadataResponse.TopicMetadata(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "u", false, List.of()))),
                MetadataResponse::readFrom));
        s.add(new Sample("ProduceRequest", new ProduceRequest(ProduceRequest.ACKS_ALL, 30_000, List.of(
                new ProduceRequest.TopicData("t", List.of(
                        new ProduceRequest.PartitionData(0, bytes("batch-bytes")),
                        new ProduceRequest.PartitionData(1, null),
                        new ProduceRequest.PartitionData(2, Unpooled.EMPTY_BUFFER))))),
                ProduceRequest::readFrom));
        s.add(new Sample("ProduceResponse", new ProduceResponse(List.of(new ProduceResponse.TopicResponse("t", List.of(
                new ProduceResponse.PartitionResponse(0, ErrorCode.NONE, null, 42, -1, 0),
                new ProduceResponse.PartitionResponse(1, ErrorCode.CORRUPT_MESSAGE, "bad crc at 0", -1, -1, -1))))),
                ProduceResponse::readFrom));
        s.add(new Sample("FetchRequest", new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 500, 1, 52_428_800, List.of(
                new FetchRequest.TopicData("t", List.of(new FetchRequest.PartitionData(0, -1, 17, 1_048_576))),
                new FetchRequest.TopicData("v", List.of(new FetchRequest.PartitionData(3, 2, 0, 1))))),
                FetchRequest::readFrom));
        s.add(new Sample("FetchResponse", new FetchResponse(List.of(new FetchResponse.TopicData("t", List.of(
                new FetchResponse.PartitionData(0, ErrorCode.NONE, null, 100, 0, bytes("some batches")),
                new FetchResponse.PartitionData(1, ErrorCode.OFFSET_OUT_OF_RANGE, "offset 9 > 5", 5, 2, null))))),
                FetchResponse::readFrom));
        s.add(new Sample("ListOffsetsRequest", new ListOffsetsRequest(-1, List.of(new ListOffsetsRequest.TopicData("t",
                List.of(new ListOffsetsRequest.PartitionData(0, ListOffsetsRequest.EARLIEST_TIMESTAMP),
                        new ListOffsetsRequest.PartitionData(1, 1_700_000_000_000L))))),
                ListOffsetsRequest::readFrom));
        s.add(new Sample("ListOffsetsResponse", new ListOffsetsResponse(List.of(new ListOffsetsResponse.TopicResponse("t",
                List.of(new ListOffsetsResponse.PartitionResponse(0, ErrorCode.NONE, null, -1, 0),
                        new ListOffsetsResponse.PartitionResponse(1, ErrorCode.NONE, "", 1_700_000_000_001L, 12))))),
                ListOffsetsResponse::readFrom));
        s.add(new Sample("OffsetForLeaderEpochRequest", new OffsetForLeaderEpochRequest(2, List.of(
                new OffsetForLeaderEpochRequest.TopicData("t", List.of(
                        new OffsetForLeaderEpochRequest.PartitionData(0, 5, 4),
                        new OffsetForLeaderEpochRequest.PartitionData(1, -1, 0))),
                new OffsetForLeaderEpochRequest.TopicData("u", List.of()))),
                OffsetForLeaderEpochRequest::readFrom));
        s.add(new Sample("OffsetForLeaderEpochResponse", new OffsetForLeaderEpochResponse(List.of(
                new OffsetForLeaderEpochResponse.TopicResponse("t", List.of(
                        new OffsetForLeaderEpochResponse.PartitionResponse(ErrorCode.NONE, 0, 3, 1_234_567_890_123L),
                        OffsetForLeaderEpochResponse.PartitionResponse.failed(ErrorCode.FENCED_LEADER_EPOCH, 1))))),
                OffsetForLeaderEpochResponse::readFrom));
        s.add(new Sample("CreateTopicsRequest", new CreateTopicsRequest(List.of(
                new CreateTopicsRequest.Topic("t", 3, (short) -1, List.of(
                        new CreateTopicsRequest.Config("retention.ms", "1000"),
                        new CreateTopicsRequest.Config("cleanup.policy", null))),
                new CreateTopicsRequest.Topic("u", -1, (short) 2, List.of())), 5000, true),
                CreateTopicsRequest::readFrom));
        s.add(new Sample("CreateTopicsResponse", new CreateTopicsResponse(List.of(TopicResult.ok("t"),
                new TopicResult("u", ErrorCode.INVALID_CONFIG, "retention.ms: not a number"))),
                CreateTopicsResponse::readFrom));
        s.add(new Sample("DeleteTopicsRequest", new DeleteTopicsRequest(List.of("t", "u"), 1000),
                DeleteTopicsRequest::readFrom));
        s.add(new Sample("DeleteTopicsResponse", new DeleteTopicsResponse(List.of(
                new TopicResult("t", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null))), DeleteTopicsResponse::readFrom));
        s.add(new Sample("CreatePartitionsRequest", new CreatePartitionsRequest(List.of(
                new CreatePartitionsRequest.Topic("t", 6)), 1000, false), CreatePartitionsRequest::readFrom));
        s.add(new Sample("CreatePartitionsResponse", new CreatePartitionsResponse(List.of(
                new TopicResult("t", ErrorCode.INVALID_PARTITIONS, "6 <= 8"))), CreatePartitionsResponse::readFrom));
        s.add(new Sample("AlterPartitionReassignmentsRequest", new AlterPartitionReassignmentsRequest(30000, List.of(
                new AlterPartitionReassignmentsRequest.Topic("t", List.of(
                        new AlterPartitionReassignmentsRequest.Partition(0, List.of(4, 2, 3)),
                        new AlterPartitionReassignmentsRequest.Partition(1, null))))),
                AlterPartitionReassignmentsRequest::readFrom));
        s.add(new Sample("AlterPartitionReassignmentsResponse", new AlterPartitionReassignmentsResponse(ErrorCode.NONE, null,
                List.of(new AlterPartitionReassignmentsResponse.Topic("t", List.of(
                        new AlterPartitionReassignmentsResponse.PartitionResult(0, ErrorCode.NONE, null),
                        new AlterPartitionReassignmentsResponse.PartitionResult(1, ErrorCode.NO_REASSIGNMENT_IN_PROGRESS,
                                "t-1 is not being reassigned"))))),
                AlterPartitionReassignmentsResponse::readFrom));
        s.add(new Sample("ListPartitionReassignmentsRequest", new ListPartitionReassignmentsRequest(30000, List.of(
                new ListPartitionReassignmentsRequest.Topic("t", List.of(0, 1)))), ListPartitionReassignmentsRequest::readFrom));
        s.add(new Sample("ListPartitionReassignmentsRequest (all)", new ListPartitionReassignmentsRequest(30000, null),
                ListPartitionReassignmentsRequest::readFrom));
        s.add(new Sample("ListPartitionReassignmentsResponse", new ListPartitionReassignmentsResponse(ErrorCode.NONE, null,
                List.of(new ListPartitionReassignmentsResponse.Topic("t", List.of(
                        new ListPartitionReassignmentsResponse.Reassignment(0, List.of(4, 2, 3, 1), List.of(4), List.of(1)))))),
                ListPartitionReassignmentsResponse::readFrom));
        s.add(new Sample("DescribeConfigsRequest", new DescribeConfigsRequest(List.of("t")),
                DescribeConfigsRequest::readFrom));
        s.add(new Sample("DescribeConfigsResponse", new DescribeConfigsResponse(List.of(
                new DescribeConfigsResponse.TopicConfigs("t", ErrorCode.NONE, null, List.of(
                        new DescribeConfigsResponse.ConfigEntry("retention.ms", "604800000", true),
                        new DescribeConfigsResponse.ConfigEntry("segment.bytes", "1024", false),
                        new DescribeConfigsResponse.ConfigEntry("secret", null, false))),
                new DescribeConfigsResponse.TopicConfigs("u", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no u", List.of()))),
                DescribeConfigsResponse::readFrom));
        s.add(new Sample("IncrementalAlterConfigsRequest", new IncrementalAlterConfigsRequest(List.of(
                new IncrementalAlterConfigsRequest.Topic("t", List.of(
                        new IncrementalAlterConfigsRequest.Op("retention.ms", IncrementalAlterConfigsRequest.OpType.SET, "5"),
                        new IncrementalAlterConfigsRequest.Op("segment.ms", IncrementalAlterConfigsRequest.OpType.DELETE,
                                null)))), true), IncrementalAlterConfigsRequest::readFrom));
        s.add(new Sample("IncrementalAlterConfigsResponse", new IncrementalAlterConfigsResponse(List.of(TopicResult.ok("t"))),
                IncrementalAlterConfigsResponse::readFrom));
        s.add(new Sample("DescribeLogDirsRequest", new DescribeLogDirsRequest(List.of("t")), DescribeLogDirsRequest::readFrom));
        s.add(new Sample("DescribeLogDirsRequestAll", new DescribeLogDirsRequest(null), DescribeLogDirsRequest::readFrom));
        s.add(new Sample("DescribeLogDirsResponse", new DescribeLogDirsResponse(List.of(
                new DescribeLogDirsResponse.TopicLogs("t", ErrorCode.NONE, null, List.of(
                        new DescribeLogDirsResponse.PartitionLog(0, ErrorCode.NONE, 0, 10, 9, 4096, 1),
                        new DescribeLogDirsResponse.PartitionLog(1, ErrorCode.KAFKA_STORAGE_ERROR, -1, -1, -1, 0, 0))))),
                DescribeLogDirsResponse::readFrom));
        s.add(new Sample("RequestHeader", new RequestHeader(ApiKey.FETCH, (short) 0, 7, "client-1"), RequestHeader::readFrom));
        s.add(new Sample("RequestHeaderNullClient", new RequestHeader(ApiKey.METADATA, (short) 0, -3, null),
                RequestHeader::readFrom));
        s.add(new Sample("ResponseHeader", new ResponseHeader(7, ErrorCode.INVALID_REQUEST, "bad body"),
                ResponseHeader::readFrom));
        s.addAll(GroupSampleMessages.all());
        s.addAll(TxnSampleMessages.all());
        return s;
    }
}
