package io.spate.broker.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.TopicNames;
import io.spate.broker.node.SpateNode;
import io.spate.protocol.AddOffsetsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnResponse;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeTransactionsRequest;
import io.spate.protocol.DescribeTransactionsResponse;
import io.spate.protocol.EndTxnRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.FindCoordinatorResponse;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.ListTransactionsRequest;
import io.spate.protocol.ListTransactionsResponse;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.TxnErrorResponse;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction APIs over the native protocol on one node: FindCoordinator key_type 1,
 * InitProducerId with a transactional id, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
 * DescribeTransactions, ListTransactions, and the state surviving a restart. The markers go to
 * this node's own partitions; whether it writes them yet (the partition side) does not matter
 * here: EndTxn is answered once PrepareCommit is durable.
 */
@Timeout(60)
class TxnProtocolTest {
    private static final String TXN = "tx-1";

    @TempDir
    Path dataDir;

    @Test
    void aTransactionOverTheWireAndAfterARestart() {
        SpateNode node = TestNode.start(dataDir, "transaction.state.log.num.partitions=3", "offsets.topic.num.partitions=2");
        InitProducerIdResponse second;
        try (RawConnection c = new RawConnection(node.port())) {
            // the first look-up creates __transaction_state (Kafka's way): not available until then
            FindCoordinatorResponse coordinator = FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                    new FindCoordinatorRequest(TXN, (byte) 1)).body());
            assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, coordinator.error());
            FindCoordinatorResponse[] found = new FindCoordinatorResponse[1];
            Eventually.eventually(Duration.ofSeconds(10), "the coordinator once __transaction_state exists", () -> {
                found[0] = FindCoordinatorResponse.readFrom(c.call(ApiKey.FIND_COORDINATOR,
                        new FindCoordinatorRequest(TXN, (byte) 1)).body());
                return found[0].error() == ErrorCode.NONE;
            });
            assertEquals(node.port(), found[0].port());
            MetadataResponse md = MetadataResponse.readFrom(c.call(ApiKey.METADATA,
                    new MetadataRequest(List.of(TopicNames.TRANSACTION_STATE), false)).body());
            assertEquals(3, md.topics().get(0).partitions().size());
            assertTrue(md.topics().get(0).isInternal());

            assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT, init(c, TXN, 900_001).error());
            InitProducerIdResponse first = init(c, TXN, 60_000);
            assertEquals(ErrorCode.NONE, first.error(), first.errorMessage());
            assertEquals(0, first.producerEpoch());
            second = init(c, TXN, 60_000);
            assertEquals(first.producerId(), second.producerId());
            assertEquals(1, second.producerEpoch(), "a second instance bumps the epoch");

            NativeProtocolTest.createTopic(c, "t", 2, Map.of());
            AddPartitionsToTxnResponse fenced = add(c, first, new TopicPartitions("t", List.of(0, 1)));
            assertEquals(Set.of(ErrorCode.PRODUCER_FENCED), errors(fenced));
            AddPartitionsToTxnResponse unknown = add(c, second, new TopicPartitions("t", List.of(0)),
                    new TopicPartitions("nope", List.of(0)));
            assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, unknown.topics().stream()
                    .filter(t -> t.name().equals("nope")).findFirst().orElseThrow().partitions().get(0).error());
            assertEquals(ErrorCode.OPERATION_NOT_ATTEMPTED, unknown.topics().stream()
                    .filter(t -> t.name().equals("t")).findFirst().orElseThrow().partitions().get(0).error());
            assertEquals(Set.of(ErrorCode.NONE), errors(add(c, second, new TopicPartitions("t", List.of(0, 1)))));
            TxnErrorResponse offsets = TxnErrorResponse.readFrom(c.call(ApiKey.ADD_OFFSETS_TO_TXN,
                    new AddOffsetsToTxnRequest(TXN, second.producerId(), second.producerEpoch(), "group-1")).body());
            assertEquals(ErrorCode.NONE, offsets.error());

            DescribeTransactionsResponse.TransactionState ongoing = describe(c, TXN);
            assertEquals("Ongoing", ongoing.state());
            assertEquals(60_000, ongoing.timeoutMs());
            assertEquals(Set.of("t", TopicNames.CONSUMER_OFFSETS), ongoing.topics().stream().map(TopicPartitions::name)
                    .collect(Collectors.toSet()));

            ListTransactionsResponse listed = ListTransactionsResponse.readFrom(c.call(ApiKey.LIST_TRANSACTIONS,
                    new ListTransactionsRequest(List.of("Ongoing"), List.of(), -1)).body());
            assertEquals(List.of(TXN), listed.transactions().stream().map(ListTransactionsResponse.Listed::transactionalId).toList());

            TxnErrorResponse ended = TxnErrorResponse.readFrom(c.call(ApiKey.END_TXN,
                    new EndTxnRequest(TXN, second.producerId(), second.producerEpoch(), true)).body());
            assertEquals(ErrorCode.NONE, ended.error(), ended.errorMessage());
            assertTrue(Set.of("PrepareCommit", "CompleteCommit").contains(describe(c, TXN).state()));
            assertEquals(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, describe(c, "never-seen").error());
        } finally {
            TestNode.stop(node);
        }
        node = TestNode.start(dataDir, "transaction.state.log.num.partitions=3", "offsets.topic.num.partitions=2");
        try (RawConnection c = new RawConnection(node.port())) {
            DescribeTransactionsResponse.TransactionState reloaded = describe(c, TXN);
            assertTrue(Set.of("PrepareCommit", "CompleteCommit").contains(reloaded.state()), reloaded.state());
            assertEquals(second.producerId(), reloaded.producerId());
            assertEquals(second.producerEpoch(), reloaded.producerEpoch());
            InitProducerIdResponse third = init(c, TXN, 60_000);
            if (reloaded.state().equals("CompleteCommit")) {
                assertEquals(ErrorCode.NONE, third.error());
                assertEquals(2, third.producerEpoch());
            } else {
                assertEquals(ErrorCode.CONCURRENT_TRANSACTIONS, third.error(), "retry while the commit completes");
            }
        } finally {
            TestNode.stop(node);
        }
    }

    private static InitProducerIdResponse init(RawConnection c, String id, int timeoutMs) {
        return InitProducerIdResponse.readFrom(c.call(ApiKey.INIT_PRODUCER_ID,
                new InitProducerIdRequest(id, timeoutMs, -1, (short) -1)).body());
    }

    private static AddPartitionsToTxnResponse add(RawConnection c, InitProducerIdResponse p, TopicPartitions... topics) {
        return AddPartitionsToTxnResponse.readFrom(c.call(ApiKey.ADD_PARTITIONS_TO_TXN,
                new AddPartitionsToTxnRequest(TXN, p.producerId(), p.producerEpoch(), List.of(topics))).body());
    }

    private static Set<ErrorCode> errors(AddPartitionsToTxnResponse r) {
        return r.topics().stream().flatMap(t -> t.partitions().stream()).map(PartitionErrors.PartitionError::error)
                .collect(Collectors.toSet());
    }

    private static DescribeTransactionsResponse.TransactionState describe(RawConnection c, String id) {
        return DescribeTransactionsResponse.readFrom(c.call(ApiKey.DESCRIBE_TRANSACTIONS,
                new DescribeTransactionsRequest(List.of(id))).body()).states().get(0);
    }
}
