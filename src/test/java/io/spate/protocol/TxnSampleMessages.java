package io.spate.protocol;

import java.util.ArrayList;
import java.util.List;

/** Samples of the idempotence and transaction APIs and of the version 1 Fetch and ListOffsets, for {@link ProtocolTest}. */
final class TxnSampleMessages {
    private TxnSampleMessages() {
    }

    static List<SampleMessages.Sample> all() {
        List<SampleMessages.Sample> s = new ArrayList<>();
        List<TopicPartitions> topics = List.of(new TopicPartitions("t", List.of(0, 2)), new TopicPartitions("u", List.of()));
        List<PartitionErrors> errors = List.of(new PartitionErrors("t", List.of(
                new PartitionErrors.PartitionError(0, ErrorCode.NONE),
                new PartitionErrors.PartitionError(2, ErrorCode.OPERATION_NOT_ATTEMPTED))));
        s.add(new SampleMessages.Sample("AddPartitionsToTxnRequest", new AddPartitionsToTxnRequest("tx-1", 1000, (short) 3,
                topics), AddPartitionsToTxnRequest::readFrom));
        s.add(new SampleMessages.Sample("AddPartitionsToTxnResponse", new AddPartitionsToTxnResponse(errors),
                AddPartitionsToTxnResponse::readFrom));
        s.add(new SampleMessages.Sample("AddOffsetsToTxnRequest", new AddOffsetsToTxnRequest("tx-1", 1000, (short) 3, "g"),
                AddOffsetsToTxnRequest::readFrom));
        s.add(new SampleMessages.Sample("TxnErrorResponse", new TxnErrorResponse(ErrorCode.PRODUCER_FENCED, "epoch 3 < 4"),
                TxnErrorResponse::readFrom));
        s.add(new SampleMessages.Sample("EndTxnRequest", new EndTxnRequest("tx-1", 1000, (short) 3, true),
                EndTxnRequest::readFrom));
        s.add(new SampleMessages.Sample("WriteTxnMarkersRequest", new WriteTxnMarkersRequest(List.of(
                new WriteTxnMarkersRequest.Marker(1000, (short) 3, false, topics, 7),
                new WriteTxnMarkersRequest.Marker(1001, (short) 0, true, List.of(), 0))), WriteTxnMarkersRequest::readFrom));
        s.add(new SampleMessages.Sample("WriteTxnMarkersResponse", new WriteTxnMarkersResponse(List.of(
                new WriteTxnMarkersResponse.MarkerResult(1000, errors))), WriteTxnMarkersResponse::readFrom));
        s.add(new SampleMessages.Sample("TxnOffsetCommitRequest", new TxnOffsetCommitRequest("tx-1", "g", 1000, (short) 3, 5,
                "m-1", null, List.of(new OffsetCommitRequest.Topic("t", List.of(
                new OffsetCommitRequest.Partition(0, 42, 2, "meta"), new OffsetCommitRequest.Partition(1, 7, -1, null))))),
                TxnOffsetCommitRequest::readFrom));
        s.add(new SampleMessages.Sample("TxnOffsetCommitResponse", new TxnOffsetCommitResponse(errors),
                TxnOffsetCommitResponse::readFrom));
        s.add(new SampleMessages.Sample("DescribeTransactionsRequest", new DescribeTransactionsRequest(List.of("a", "b")),
                DescribeTransactionsRequest::readFrom));
        s.add(new SampleMessages.Sample("DescribeTransactionsResponse", new DescribeTransactionsResponse(List.of(
                new DescribeTransactionsResponse.TransactionState(ErrorCode.NONE, "a", "Ongoing", 60_000, 1_700_000_000_000L,
                        1000, (short) 3, topics),
                DescribeTransactionsResponse.TransactionState.failed("b", ErrorCode.TRANSACTIONAL_ID_NOT_FOUND))),
                DescribeTransactionsResponse::readFrom));
        s.add(new SampleMessages.Sample("ListTransactionsRequest", new ListTransactionsRequest(List.of("Ongoing"),
                List.of(1000L, 1001L), 30_000), ListTransactionsRequest::readFrom));
        s.add(new SampleMessages.Sample("ListTransactionsResponse", new ListTransactionsResponse(ErrorCode.NONE,
                List.of("Bogus"), List.of(new ListTransactionsResponse.Listed("a", 1000, "Ongoing"))),
                ListTransactionsResponse::readFrom));
        s.add(new SampleMessages.Sample("DescribeProducersRequest", new DescribeProducersRequest(topics),
                DescribeProducersRequest::readFrom));
        s.add(new SampleMessages.Sample("DescribeProducersResponse", new DescribeProducersResponse(List.of(
                new DescribeProducersResponse.Topic("t", List.of(
                        new DescribeProducersResponse.Partition(0, ErrorCode.NONE, null, List.of(
                                new DescribeProducersResponse.ActiveProducer(1000, 3, 41, 1_700_000_000_000L, 7, 120),
                                new DescribeProducersResponse.ActiveProducer(1001, 0, 9, 1_700_000_000_001L, -1, -1))),
                        DescribeProducersResponse.Partition.failed(1, ErrorCode.NOT_LEADER_OR_FOLLOWER, "not the leader"))))),
                DescribeProducersResponse::readFrom));
        s.add(new SampleMessages.Sample("FetchRequestV1", new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 500, 1, 1024,
                List.of(new FetchRequest.TopicData("t", List.of(new FetchRequest.PartitionData(0, -1, 17, 1024)))),
                FetchRequest.READ_COMMITTED), b -> FetchRequest.readFrom(b, (short) 1)));
        s.add(new SampleMessages.Sample("FetchRequestV2", new FetchRequest(2, 500, 1, 1024, List.of(
                new FetchRequest.TopicData("t", List.of(new FetchRequest.PartitionData(0, 4, 17, 9, 1024),
                        new FetchRequest.PartitionData(1, 4, 3, FetchRequest.UNKNOWN_LOG_START_OFFSET, 1024))))),
                b -> FetchRequest.readFrom(b, (short) 2)));
        s.add(new SampleMessages.Sample("FetchResponseV1", new FetchResponse(List.of(new FetchResponse.TopicData("t", List.of(
                new FetchResponse.PartitionData(0, ErrorCode.NONE, null, 100, 0, SampleMessages.bytes("some batches"), 90,
                        List.of(new FetchResponse.AbortedTransaction(1000, 40))),
                new FetchResponse.PartitionData(1, ErrorCode.NONE, null, 5, 2, null, 5, null)))), (short) 1),
                b -> FetchResponse.readFrom(b, (short) 1)));
        s.add(new SampleMessages.Sample("ListOffsetsRequestV1", new ListOffsetsRequest(-1, List.of(
                new ListOffsetsRequest.TopicData("t", List.of(new ListOffsetsRequest.PartitionData(0, -1)))),
                FetchRequest.READ_COMMITTED), b -> ListOffsetsRequest.readFrom(b, (short) 1)));
        return s;
    }
}
