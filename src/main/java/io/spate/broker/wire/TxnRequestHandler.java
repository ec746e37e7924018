package io.spate.broker.wire;

import io.netty.buffer.ByteBuf;
import io.spate.broker.core.TopicDirectory;
import io.spate.broker.core.TopicNames;
import io.spate.group.GroupCoordinator;
import io.spate.protocol.AddOffsetsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnResponse;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeTransactionsRequest;
import io.spate.protocol.DescribeTransactionsResponse;
import io.spate.protocol.EndTxnRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.ListTransactionsRequest;
import io.spate.protocol.ListTransactionsResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.TxnErrorResponse;
import io.spate.protocol.Wire;
import io.spate.txn.TransactionCoordinator;
import io.spate.txn.TxnDescription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The native protocol's adapter for the transaction coordinator: InitProducerId with a
 * transactional id, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, DescribeTransactions,
 * ListTransactions (docs/protocol.md). Decoded requests become calls on the protocol-free
 * {@link TransactionCoordinator}; runs on the connection's context, the coordinator hops to its own.
 */
final class TxnRequestHandler {
    private final TransactionCoordinator coordinator;
    private final GroupCoordinator groups;
    private final TopicDirectory directory;

    TxnRequestHandler(TransactionCoordinator coordinator, GroupCoordinator groups, TopicDirectory directory) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.directory = directory;
    }

    io.vertx.core.Future<Reply> handle(ApiKey key, ByteBuf body) {
        return switch (key) {
            case ADD_PARTITIONS_TO_TXN -> addPartitions(read(body, AddPartitionsToTxnRequest::readFrom));
            case ADD_OFFSETS_TO_TXN -> addOffsets(read(body, AddOffsetsToTxnRequest::readFrom));
            case END_TXN -> endTxn(read(body, EndTxnRequest::readFrom));
            case DESCRIBE_TRANSACTIONS -> describe(read(body, DescribeTransactionsRequest::readFrom));
            case LIST_TRANSACTIONS -> list(read(body, ListTransactionsRequest::readFrom));
            default -> throw new IllegalArgumentException(key + " is not a transaction API");
        };
    }

    io.vertx.core.Future<Reply> initProducerId(InitProducerIdRequest req) {
        return coordinator.initProducerId(req.transactionalId(), req.transactionTimeoutMs(), req.producerId(),
                        req.producerEpoch())
                .map(r -> Reply.of(r.error() == ErrorCode.NONE
                        ? new InitProducerIdResponse(ErrorCode.NONE, null, r.producerId(), r.producerEpoch())
                        : InitProducerIdResponse.failed(r.error(), null)));
    }

    /**
     * A partition that does not exist is answered UNKNOWN_TOPIC_OR_PARTITION and the others
     * OPERATION_NOT_ATTEMPTED, nothing added (Kafka's rule); else the coordinator's one error for all.
     */
    private io.vertx.core.Future<Reply> addPartitions(AddPartitionsToTxnRequest req) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (TopicPartitions t : req.topics()) {
            t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p)));
        }
        Set<TopicPartition> unknown = directory.missing(partitions);
        if (!unknown.isEmpty()) {
            return reply(new AddPartitionsToTxnResponse(errors(partitions,
                    tp -> unknown.contains(tp) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED)));
        }
        return coordinator.addPartitions(req.transactionalId(), req.producerId(), req.producerEpoch(), partitions)
                .map(e -> Reply.of(new AddPartitionsToTxnResponse(errors(partitions, tp -> e))));
    }

    /** The group's {@code __consumer_offsets} partition joins the transaction (Kafka's AddOffsetsToTxn). */
    private io.vertx.core.Future<Reply> addOffsets(AddOffsetsToTxnRequest req) {
        if (req.groupId().isEmpty()) {
            return reply(new TxnErrorResponse(ErrorCode.INVALID_GROUP_ID, "the group id is empty"));
        }
        TopicPartition offsets = new TopicPartition(TopicNames.CONSUMER_OFFSETS, groups.partitionFor(req.groupId()));
        return coordinator.addPartitions(req.transactionalId(), req.producerId(), req.producerEpoch(), Set.of(offsets))
                .map(e -> Reply.of(new TxnErrorResponse(e, null)));
    }

    private io.vertx.core.Future<Reply> endTxn(EndTxnRequest req) {
        return coordinator.endTxn(req.transactionalId(), req.producerId(), req.producerEpoch(), req.committed())
                .map(e -> Reply.of(new TxnErrorResponse(e, null)));
    }

    private io.vertx.core.Future<Reply> describe(DescribeTransactionsRequest req) {
        return coordinator.describe(req.transactionalIds()).map(all -> Reply.of(new DescribeTransactionsResponse(
                all.stream().map(TxnRequestHandler::state).toList())));
    }

    private static DescribeTransactionsResponse.TransactionState state(TxnDescription d) {
        if (d.error() != ErrorCode.NONE) {
            return DescribeTransactionsResponse.TransactionState.failed(d.transactionalId(), d.error());
        }
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        d.partitions().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition()));
        return new DescribeTransactionsResponse.TransactionState(ErrorCode.NONE, d.transactionalId(),
                d.state().wireName(), d.timeoutMs(), d.startMs(), d.producerId(), d.producerEpoch(),
                byTopic.entrySet().stream().map(e -> new TopicPartitions(e.getKey(), e.getValue())).toList());
    }

    private io.vertx.core.Future<Reply> list(ListTransactionsRequest req) {
        return coordinator.list(req.stateFilters(), new HashSet<>(req.producerIdFilters()), req.durationFilterMs())
                .map(l -> Reply.of(new ListTransactionsResponse(l.error(), l.unknownStates(), l.transactions().stream()
                        .map(t -> new ListTransactionsResponse.Listed(t.transactionalId(), t.producerId(),
                                t.state().wireName())).toList())));
    }

    private static List<PartitionErrors> errors(Set<TopicPartition> partitions, Function<TopicPartition, ErrorCode> error) {
        Map<String, List<PartitionErrors.PartitionError>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                .add(new PartitionErrors.PartitionError(tp.partition(), error.apply(tp))));
        return byTopic.entrySet().stream().map(e -> new PartitionErrors(e.getKey(), e.getValue())).toList();
    }

    private static <T> T read(ByteBuf body, Function<ByteBuf, T> reader) {
        T message = reader.apply(body);
        Wire.requireFullyRead(body);
        return message;
    }

    private static io.vertx.core.Future<Reply> reply(io.spate.protocol.Message m) {
        return io.vertx.core.Future.succeededFuture(Reply.of(m));
    }
}
