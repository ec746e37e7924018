package io.spate.broker.kafka;

import io.spate.broker.core.Broker;
import io.spate.broker.core.TopicNames;
import io.spate.group.GroupCoordinator;
import io.spate.group.OffsetCommit;
import io.spate.group.TxnProducer;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.txn.TransactionCoordinator;
import io.spate.txn.TxnDescription;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.DescribeTransactionsRequest;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.ListTransactionsRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;

/**
 * The transaction coordinator's APIs in Kafka's protocol, over the same {@link TransactionCoordinator}
 * and {@link GroupCoordinator} as the native listener's (docs/exactly-once.md): InitProducerId,
 * AddPartitionsToTxn (the clients' form, v0-3), AddOffsetsToTxn, EndTxn, TxnOffsetCommit,
 * DescribeTransactions and ListTransactions. Spate advertises no transaction.version feature, so
 * clients keep to the classic protocol (an explicit AddPartitionsToTxn per partition, no epoch bump
 * per transaction): the KIP-890 versions (AddPartitionsToTxn 4+, EndTxn 5, TxnOffsetCommit 5) and
 * KIP-939's InitProducerId 6 are not served.
 *
 * <p>PRODUCER_FENCED is answered INVALID_PRODUCER_EPOCH to versions that predate it (InitProducerId
 * below 4, the others below 2), as Kafka does. Runs on the connection's context; the coordinators
 * hop to their own.
 */
final class TxnApis {
    private final Broker broker;
    private final GroupCoordinator groups;
    private final TransactionCoordinator transactions;

    TxnApis(Broker broker, GroupCoordinator groups, TransactionCoordinator transactions) {
        this.broker = broker;
        this.groups = groups;
        this.transactions = java.util.Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * InitProducerId: without a transactional id, a fresh producer id at epoch 0 (an idempotent
     * producer; v3+'s producer id and epoch are ignored, as Kafka does); with one, the coordinator's
     * answer: a new id, or the id's epoch bumped, fencing its previous producer. From v3 the producer
     * may name its current id and epoch (KIP-360) to resume after an epoch error: both or neither.
     */
    Future<ApiMessage> initProducerId(KafkaRequest request) {
        InitProducerIdRequestData req = request.body(InitProducerIdRequest.class).data();
        if (req.transactionalId() == null) {
            return broker.initProducerId(null).map(p -> new InitProducerIdResponseData()
                    .setProducerId(p.producerId()).setProducerEpoch(p.epoch()));
        }
        if ((req.producerId() == -1) != (req.producerEpoch() == -1)) {
            return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("producer_id " + req.producerId()
                    + " and producer_epoch " + req.producerEpoch() + ": give both or neither"));
        }
        short fencedSince = 4;
        return transactions.initProducerId(req.transactionalId(), req.transactionTimeoutMs(), req.producerId(),
                req.producerEpoch()).map(r -> new InitProducerIdResponseData()
                .setErrorCode(code(r.error(), request.version(), fencedSince))
                .setProducerId(r.producerId()).setProducerEpoch(r.producerEpoch()));
    }

    /**
     * AddPartitionsToTxn, the client's form (v0-3): a partition that does not exist is answered
     * UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, nothing added (Kafka's rule);
     * else the coordinator's one error for every partition.
     */
    Future<ApiMessage> addPartitionsToTxn(KafkaRequest request) {
        AddPartitionsToTxnRequestData req = request.body(AddPartitionsToTxnRequest.class).data();
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic t : req.v3AndBelowTopics()) {
            t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p)));
        }
        Set<TopicPartition> unknown = broker.directory().missing(partitions);
        if (!unknown.isEmpty()) {
            return Future.succeededFuture(addPartitionsResponse(partitions,
                    tp -> unknown.contains(tp) ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED));
        }
        return transactions.addPartitions(req.v3AndBelowTransactionalId(), req.v3AndBelowProducerId(),
                        req.v3AndBelowProducerEpoch(), partitions)
                .map(e -> addPartitionsResponse(partitions, tp -> ErrorCode.forCode(code(e, request.version(), (short) 2))));
    }

    private static AddPartitionsToTxnResponseData addPartitionsResponse(Set<TopicPartition> partitions,
                                                                        Function<TopicPartition, ErrorCode> error) {
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection topics =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
        for (TopicPartition tp : partitions) {
            AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult topic = topics.find(tp.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName(tp.topic());
                topics.add(topic);
            }
            topic.resultsByPartition().add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                    .setPartitionIndex(tp.partition()).setPartitionErrorCode(error.apply(tp).code()));
        }
        return new AddPartitionsToTxnResponseData().setResultsByTopicV3AndBelow(topics);
    }

    /** AddOffsetsToTxn: the group's {@code __consumer_offsets} partition joins the transaction. */
    Future<ApiMessage> addOffsetsToTxn(KafkaRequest request) {
        AddOffsetsToTxnRequestData req = request.body(AddOffsetsToTxnRequest.class).data();
        if (req.groupId().isEmpty()) {
            return Future.succeededFuture(new AddOffsetsToTxnResponseData().setErrorCode(ErrorCode.INVALID_GROUP_ID.code()));
        }
        TopicPartition offsets = new TopicPartition(TopicNames.CONSUMER_OFFSETS, groups.partitionFor(req.groupId()));
        return transactions.addPartitions(req.transactionalId(), req.producerId(), req.producerEpoch(), Set.of(offsets))
                .map(e -> new AddOffsetsToTxnResponseData().setErrorCode(code(e, request.version(), (short) 2)));
    }

    /** EndTxn: answered once PrepareCommit / PrepareAbort is durable; the markers follow. */
    Future<ApiMessage> endTxn(KafkaRequest request) {
        EndTxnRequestData req = request.body(EndTxnRequest.class).data();
        return transactions.endTxn(req.transactionalId(), req.producerId(), req.producerEpoch(), req.committed())
                .map(e -> new EndTxnResponseData().setErrorCode(code(e, request.version(), (short) 2)));
    }

    /**
     * TxnOffsetCommit: the offsets are written to the group's partition as part of the transaction and
     * become visible with its commit marker; one error per partition. Before v3 there is no member,
     * generation or instance id (the defaults: -1, "", null), so the group's membership is not checked.
     */
    Future<ApiMessage> txnOffsetCommit(KafkaRequest request) {
        TxnOffsetCommitRequestData req = request.body(TxnOffsetCommitRequest.class).data();
        Map<TopicPartition, OffsetCommit> offsets = new LinkedHashMap<>();
        for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic t : req.topics()) {
            for (TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition p : t.partitions()) {
                offsets.put(new TopicPartition(t.name(), p.partitionIndex()),
                        new OffsetCommit(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
            }
        }
        return groups.commitTxnOffsets(req.groupId(), new TxnProducer(req.transactionalId(), req.producerId(),
                        req.producerEpoch()), req.generationId(), req.memberId(), req.groupInstanceId(), offsets)
                .map(errors -> {
                    TxnOffsetCommitResponseData out = new TxnOffsetCommitResponseData();
                    TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic topic = null;
                    for (Map.Entry<TopicPartition, ErrorCode> e : errors.entrySet()) {
                        if (topic == null || !topic.name().equals(e.getKey().topic())) {
                            topic = new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(e.getKey().topic());
                            out.topics().add(topic);
                        }
                        topic.partitions().add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                                .setPartitionIndex(e.getKey().partition()).setErrorCode(e.getValue().code()));
                    }
                    return out;
                });
    }

    /** DescribeTransactions: each id's state from this coordinator, or its error (NOT_COORDINATOR, ...). */
    Future<ApiMessage> describeTransactions(KafkaRequest request) {
        List<String> ids = request.body(DescribeTransactionsRequest.class).data().transactionalIds();
        return transactions.describe(ids).map(all -> {
            DescribeTransactionsResponseData out = new DescribeTransactionsResponseData();
            all.forEach(d -> out.transactionStates().add(state(d)));
            return out;
        });
    }

    private static DescribeTransactionsResponseData.TransactionState state(TxnDescription d) {
        DescribeTransactionsResponseData.TransactionState s = new DescribeTransactionsResponseData.TransactionState()
                .setErrorCode(d.error().code()).setTransactionalId(d.transactionalId());
        if (d.error() != ErrorCode.NONE) {
            return s;
        }
        s.setTransactionState(d.state().wireName()).setTransactionTimeoutMs(d.timeoutMs())
                .setTransactionStartTimeMs(d.startMs()).setProducerId(d.producerId()).setProducerEpoch(d.producerEpoch());
        for (TopicPartition tp : d.partitions()) {
            DescribeTransactionsResponseData.TopicData topic = s.topics().find(tp.topic());
            if (topic == null) {
                topic = new DescribeTransactionsResponseData.TopicData().setTopic(tp.topic());
                s.topics().add(topic);
            }
            topic.partitions().add(tp.partition());
        }
        return s;
    }

    /** ListTransactions: this coordinator's ids passing the state, producer id and (v1+) duration filters. */
    Future<ApiMessage> listTransactions(KafkaRequest request) {
        ListTransactionsRequestData req = request.body(ListTransactionsRequest.class).data();
        return transactions.list(req.stateFilters(), new HashSet<>(req.producerIdFilters()), req.durationFilter())
                .map(l -> {
                    ListTransactionsResponseData out = new ListTransactionsResponseData().setErrorCode(l.error().code())
                            .setUnknownStateFilters(new ArrayList<>(l.unknownStates()));
                    l.transactions().forEach(t -> out.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                            .setTransactionalId(t.transactionalId()).setProducerId(t.producerId())
                            .setTransactionState(t.state().wireName())));
                    return out;
                });
    }

    /** {@code error}'s code as a client of {@code version} knows it: PRODUCER_FENCED is new in {@code fencedSince}. */
    private static short code(ErrorCode error, short version, short fencedSince) {
        if (error == ErrorCode.PRODUCER_FENCED && version < fencedSince) {
            return ErrorCode.INVALID_PRODUCER_EPOCH.code();
        }
        return error.code();
    }
}
