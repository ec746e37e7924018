package io.spate.client.internal.admin;

import io.netty.buffer.ByteBuf;
import io.spate.client.AdminConfig;
import io.spate.client.ProducerState;
import io.spate.client.TransactionDescription;
import io.spate.client.TransactionListing;
import io.spate.client.internal.network.GroupCoordinatorLookup;
import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeProducersRequest;
import io.spate.protocol.DescribeProducersResponse;
import io.spate.protocol.DescribeTransactionsRequest;
import io.spate.protocol.DescribeTransactionsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ListTransactionsRequest;
import io.spate.protocol.ListTransactionsResponse;
import io.spate.protocol.Message;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.WriteTxnMarkersRequest;
import io.spate.protocol.WriteTxnMarkersResponse;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The transaction operations of {@link io.spate.client.SpateAdmin} (Kafka's Admin listTransactions,
 * describeTransactions, describeProducers, abortTransaction): ListTransactions asks every node (each
 * lists the transactional ids it coordinates); DescribeTransactions goes to the id's coordinator
 * (FindCoordinator key type 1); DescribeProducers and WriteTxnMarkers go to the partition's leader.
 * Retriable errors are retried with backoff until {@code default.api.timeout.ms}; any other fails the
 * Future with a {@link SpateException} naming what was asked.
 *
 * <p>Confined to the admin's context, like the {@link NetworkClient} it uses.
 */
public final class TransactionAdmin {
    private final NetworkClient network;
    private final AdminConfig config;
    private final GroupCoordinatorLookup coordinators;

    public TransactionAdmin(NetworkClient network, AdminConfig config) {
        this.network = network;
        this.config = config;
        this.coordinators = GroupCoordinatorLookup.forTransactions(network);
    }

    /**
     * The transactional ids of every node that pass the filters (empty: any state, any producer;
     * {@code durationMs} -1: any age, else open longer than that), sorted by id.
     */
    public Future<List<TransactionListing>> listTransactions(List<String> states, List<Long> producerIds,
                                                             long durationMs) {
        long deadline = deadline();
        ListTransactionsRequest request = new ListTransactionsRequest(List.copyOf(states), List.copyOf(producerIds),
                durationMs);
        return network.withRetries(() -> network.fetchMetadata(List.of()), deadline, "Metadata").compose(md -> {
            List<Future<ListTransactionsResponse>> perNode = new ArrayList<>();
            for (MetadataResponse.Broker b : md.brokers()) {
                perNode.add(network.withRetries(() -> listOn(b.nodeId(), request), deadline, "ListTransactions"));
            }
            return Future.all(perNode).map(all -> {
                Map<String, TransactionListing> out = new TreeMap<>();
                for (ListTransactionsResponse r : all.<ListTransactionsResponse>list()) {
                    r.transactions().forEach(t -> out.put(t.transactionalId(),
                            new TransactionListing(t.transactionalId(), t.producerId(), t.state())));
                }
                return List.copyOf(out.values());
            });
        });
    }

    private Future<ListTransactionsResponse> listOn(int nodeId, ListTransactionsRequest request) {
        return network.send(nodeId, ApiKey.LIST_TRANSACTIONS, request, ListTransactionsResponse::readFrom).compose(r -> {
            if (r.error() != ErrorCode.NONE) {
                return Future.failedFuture(new SpateException(r.error(), "listing the transactions of node " + nodeId));
            }
            if (!r.unknownStateFilters().isEmpty()) {
                return Future.failedFuture(new SpateException(ErrorCode.INVALID_REQUEST, "node " + nodeId
                        + " does not know the transaction state(s) " + r.unknownStateFilters()));
            }
            return Future.succeededFuture(r);
        });
    }

    /** The coordinator's view of {@code transactionalId}; TRANSACTIONAL_ID_NOT_FOUND when it has none. */
    public Future<TransactionDescription> describeTransaction(String transactionalId) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return Future.failedFuture(new SpateException(ErrorCode.INVALID_REQUEST, "the transactional id must not be empty"));
        }
        Function<DescribeTransactionsResponse, ErrorCode> errorOf = r -> r.states().isEmpty() ? ErrorCode.NONE
                : r.states().get(0).error();
        return coordinators.sendWithRetries(transactionalId, ApiKey.DESCRIBE_TRANSACTIONS,
                        new DescribeTransactionsRequest(List.of(transactionalId)), DescribeTransactionsResponse::readFrom,
                        errorOf, config.getRequestTimeoutMs(), deadline())
                .compose(r -> {
                    if (r.states().size() != 1) {
                        return Future.failedFuture(new SpateException(ErrorCode.UNKNOWN_SERVER_ERROR,
                                "DescribeTransactions for '" + transactionalId + "' answered " + r.states().size() + " states"));
                    }
                    DescribeTransactionsResponse.TransactionState s = r.states().get(0);
                    if (s.error() != ErrorCode.NONE) {
                        String why = s.error() == ErrorCode.TRANSACTIONAL_ID_NOT_FOUND ? "does not exist" : s.error().message();
                        return Future.failedFuture(new SpateException(s.error(), "transactional id '" + transactionalId
                                + "' " + why));
                    }
                    return coordinators.coordinatorOf(transactionalId).map(node -> {
                        List<TopicPartition> partitions = new ArrayList<>();
                        for (TopicPartitions t : s.topics()) {
                            t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p)));
                        }
                        return new TransactionDescription(s.transactionalId(), s.state(), s.timeoutMs(), s.startTimeMs(),
                                s.producerId(), s.producerEpoch(), partitions, node);
                    });
                });
    }

    /** The producers {@code tp}'s leader keeps state for. */
    public Future<List<ProducerState>> describeProducers(TopicPartition tp) {
        DescribeProducersRequest request = new DescribeProducersRequest(
                List.of(new TopicPartitions(tp.topic(), List.of(tp.partition()))));
        return toLeader(tp, ApiKey.DESCRIBE_PRODUCERS, request, DescribeProducersResponse::readFrom, r -> {
            for (DescribeProducersResponse.Topic t : r.topics()) {
                for (DescribeProducersResponse.Partition p : t.partitions()) {
                    if (t.name().equals(tp.topic()) && p.partition() == tp.partition()) {
                        return p.error();
                    }
                }
            }
            return ErrorCode.UNKNOWN_SERVER_ERROR;
        }).map(r -> {
            List<ProducerState> out = new ArrayList<>();
            r.topics().forEach(t -> t.partitions().forEach(p -> p.producers().forEach(a -> out.add(new ProducerState(
                    a.producerId(), a.producerEpoch(), a.lastSequence(), a.lastTimestamp(), a.coordinatorEpoch(),
                    a.currentTxnStartOffset())))));
            return out;
        });
    }

    /**
     * Ends a producer's open transaction in {@code tp} with an ABORT marker (WriteTxnMarkers to its
     * leader), as {@code kafka-transactions.sh abort} does for a hanging transaction.
     */
    public Future<Void> abortTransaction(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch) {
        WriteTxnMarkersRequest request = new WriteTxnMarkersRequest(List.of(new WriteTxnMarkersRequest.Marker(
                producerId, producerEpoch, false, List.of(new TopicPartitions(tp.topic(), List.of(tp.partition()))),
                coordinatorEpoch)));
        return toLeader(tp, ApiKey.WRITE_TXN_MARKERS, request, WriteTxnMarkersResponse::readFrom, r -> {
            for (WriteTxnMarkersResponse.MarkerResult m : r.markers()) {
                for (PartitionErrors t : m.topics()) {
                    for (PartitionErrors.PartitionError p : t.partitions()) {
                        if (p.error() != ErrorCode.NONE) {
                            return p.error();
                        }
                    }
                }
            }
            return r.markers().isEmpty() ? ErrorCode.UNKNOWN_SERVER_ERROR : ErrorCode.NONE;
        }).mapEmpty();
    }

    /**
     * {@code body} to {@code tp}'s leader, retried (after a metadata refresh) while the answer's
     * {@code errorOf} or the connection fails retriably; another error fails naming the partition.
     */
    private <T> Future<T> toLeader(TopicPartition tp, ApiKey key, Message body, Function<ByteBuf, T> reader,
                                   Function<T, ErrorCode> errorOf) {
        network.addTopics(Set.of(tp.topic()));
        return network.withRetries(() -> network.refreshMetadata().compose(md -> {
            Metadata.TopicState t = md.topic(tp.topic());
            if (t != null && t.error() != ErrorCode.NONE) {
                return Future.failedFuture(new SpateException(t.error(), "topic '" + tp.topic() + "'"));
            }
            if (t == null || tp.partition() >= t.partitionCount()) {
                return Future.failedFuture(new SpateException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, tp + " does not exist"));
            }
            int leader = md.leader(tp);
            if (leader == Metadata.NO_NODE) {
                return Future.failedFuture(new SpateException(ErrorCode.LEADER_NOT_AVAILABLE, "no leader known for " + tp));
            }
            return network.send(leader, key, body, reader).compose(r -> {
                ErrorCode error = errorOf.apply(r);
                return error == ErrorCode.NONE ? Future.succeededFuture(r)
                        : Future.failedFuture(new SpateException(error, key + " for " + tp + ": " + error.message()));
            });
        }), deadline(), key + " for " + tp);
    }

    private long deadline() {
        return network.nowMs() + config.getDefaultApiTimeoutMs();
    }
}
