package io.spate.txn;

import io.spate.common.Time;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * Kafka's transaction coordinator, protocol-free: the state of each transactional id (producer id
 * and epoch, the partitions of its open transaction, {@link TxnState}) kept as records of
 * {@code __transaction_state} ({@link TxnStateLog}, format in {@link TxnRecordCodec}); InitProducerId,
 * AddPartitionsToTxn / AddOffsetsToTxn, EndTxn with its markers ({@link TxnMarkerSender}), timeouts,
 * expiry, DescribeTransactions and ListTransactions. docs/exactly-once.md ("Transaction coordinator")
 * describes the state machine and its failure cases.
 *
 * <p>Every change of an id is written (acks=all) before the coordinator acts on it or answers.
 *
 * <p>Threading: every method may be called from any thread and returns a Future. All state lives on
 * the one Vert.x context given at construction; each call hops to it, so no locks are needed.
 * Futures complete on that context.
 *
 * <p>An id belongs to partition {@link #partitionFor} of the topic; requests for an id whose
 * partition is not loaded here are answered NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS while it
 * loads. The coordinator epoch of a partition is its leader epoch, given at {@link #loadPartition}.
 * After {@link #close()} every request gets NOT_COORDINATOR.
 */
public final class TransactionCoordinator {
    private final Context context;
    private final TxnConfig config;
    private final TxnRegistry registry;
    private final TxnStore store;
    private final TxnLoader loader;
    private final TxnRequests requests;
    private final TxnQueries queries;
    private final TxnMaintenance maintenance;
    private boolean closed;

    /**
     * @param context     the context that owns every id (an event-loop context)
     * @param producerIds where new producer ids come from (the node's one manager)
     * @param markers     where markers go: WriteTxnMarkers to the partitions' leaders in production
     * @param time        the wall clock of timestamps, timeouts and expiry
     */
    public TransactionCoordinator(Context context, TxnConfig config, TxnStateLog log, ProducerIdManager producerIds,
                                  TxnMarkerSender markers, Time time) {
        this.context = context;
        this.config = config;
        this.registry = new TxnRegistry(log.partitionCount());
        this.store = new TxnStore(context, log, registry, time);
        MarkerWriter writer = new MarkerWriter(context, markers, registry, store);
        this.loader = new TxnLoader(log, registry, store, writer);
        this.requests = new TxnRequests(config, registry, store, writer, producerIds);
        this.queries = new TxnQueries(registry);
        this.maintenance = new TxnMaintenance(config, registry, store, requests);
    }

    public TxnConfig config() {
        return config;
    }

    /** The {@code __transaction_state} partition of an id: Kafka's {@code Utils.abs(id.hashCode()) % partitions}. Any thread. */
    public int partitionFor(String transactionalId) {
        return registry.partitionFor(transactionalId);
    }

    /** Partitions of {@code __transaction_state} as this coordinator maps ids. */
    public int partitionCount() {
        return registry.partitionCount();
    }

    /**
     * Replays partition {@code p} and serves its ids as coordinator of epoch {@code coordinatorEpoch}
     * (a new epoch reloads it); prepared transactions found are completed. Fails, leaving it
     * unloaded, on a corrupt record.
     */
    public Future<Void> loadPartition(int p, int coordinatorEpoch) {
        return onContext(() -> closed ? Future.failedFuture(ErrorCode.NOT_COORDINATOR.exception("the coordinator is closed"))
                : loader.load(p, coordinatorEpoch));
    }

    /** Stops serving partition {@code p}: its ids are dropped; markers and writes in flight for them give up. */
    public Future<Void> unloadPartition(int p) {
        return onContext(() -> {
            loader.unload(p);
            return Future.succeededFuture();
        });
    }

    /** Loads every partition (a single node leads them all), each at the epoch {@code epochOf} gives. */
    public Future<Void> loadAll(IntUnaryOperator epochOf) {
        List<Future<Void>> all = new ArrayList<>();
        for (int p = 0; p < registry.partitionCount(); p++) {
            all.add(loadPartition(p, epochOf.applyAsInt(p)));
        }
        return Future.all(all).mapEmpty();
    }

    /**
     * InitProducerId with a transactional id: a new id gets a new producer id at epoch 0; a known id
     * gets its epoch bumped (fencing the instance before), a new producer id when the epoch is
     * exhausted, CONCURRENT_TRANSACTIONS while an open transaction is aborted first.
     *
     * @param expectedProducerId    -1, or the producer's current id and epoch (KIP-360)
     */
    public Future<InitPidResult> initProducerId(String transactionalId, int timeoutMs, long expectedProducerId,
                                                short expectedProducerEpoch) {
        return onContext(() -> closed || transactionalId == null ? closedOr(transactionalId)
                : requests.initProducerId(transactionalId, timeoutMs, expectedProducerId, expectedProducerEpoch));
    }

    /** AddPartitionsToTxn (and AddOffsetsToTxn with the group's offsets partition): one error for all partitions. */
    public Future<ErrorCode> addPartitions(String transactionalId, long producerId, short producerEpoch,
                                           Set<TopicPartition> partitions) {
        Set<TopicPartition> copy = Set.copyOf(partitions);
        return onContext(() -> closed ? Future.succeededFuture(ErrorCode.NOT_COORDINATOR)
                : transactionalId == null ? Future.succeededFuture(ErrorCode.INVALID_REQUEST)
                : requests.addPartitions(transactionalId, producerId, producerEpoch, copy));
    }

    /** EndTxn: answered once PrepareCommit / PrepareAbort is durable; markers and Complete* follow. */
    public Future<ErrorCode> endTxn(String transactionalId, long producerId, short producerEpoch, boolean commit) {
        return onContext(() -> closed ? Future.succeededFuture(ErrorCode.NOT_COORDINATOR)
                : transactionalId == null ? Future.succeededFuture(ErrorCode.INVALID_REQUEST)
                : requests.endTxn(transactionalId, producerId, producerEpoch, commit));
    }

    /** DescribeTransactions: one description per id, in order. */
    public Future<List<TxnDescription>> describe(List<String> transactionalIds) {
        List<String> copy = List.copyOf(transactionalIds);
        return onContext(() -> Future.succeededFuture(copy.stream().map(id -> closed
                ? TxnDescription.error(id, ErrorCode.NOT_COORDINATOR) : queries.describe(id)).toList()));
    }

    /** ListTransactions over the ids this coordinator serves (see {@link TxnQueries#list}). */
    public Future<TxnListing> list(List<String> states, Set<Long> producerIds, long durationMs) {
        List<String> s = List.copyOf(states);
        Set<Long> p = Set.copyOf(producerIds);
        return onContext(() -> Future.succeededFuture(closed ? new TxnListing(ErrorCode.NONE, List.of(), List.of())
                : queries.list(s, p, durationMs, store.nowMs())));
    }

    /**
     * Aborts the transactions open longer than their timeout as of {@code nowMs} (each with an epoch
     * bump, fencing its producer); completes with how many were started. The node calls it every
     * transaction.abort.timed.out.transaction.cleanup.interval.ms.
     */
    public Future<Integer> abortTimedOutTransactions(long nowMs) {
        return onContext(() -> Future.succeededFuture(closed ? 0 : maintenance.abortTimedOut(nowMs)));
    }

    /** Removes (tombstones) ids idle for transactional.id.expiration.ms as of {@code nowMs}; how many. */
    public Future<Integer> expireTransactionalIds(long nowMs) {
        return onContext(() -> Future.succeededFuture(closed ? 0 : maintenance.expireIds(nowMs)));
    }

    /** Stops serving: every partition is unloaded, later requests get NOT_COORDINATOR. */
    public Future<Void> close() {
        return onContext(() -> {
            closed = true;
            for (int p = 0; p < registry.partitionCount(); p++) {
                loader.unload(p);
            }
            return Future.succeededFuture();
        });
    }

    private static Future<InitPidResult> closedOr(String transactionalId) {
        return Future.succeededFuture(InitPidResult.error(transactionalId == null ? ErrorCode.INVALID_REQUEST
                : ErrorCode.NOT_COORDINATOR));
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return run(action);
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> run(action).onComplete(promise));
        return promise.future();
    }

    private static <T> Future<T> run(Supplier<Future<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
