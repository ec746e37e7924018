package io.spate.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.spate.client.ConsumerGroupMetadata;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.ProducerConfig;
import io.spate.client.TransactionAbortedException;
import io.spate.client.internal.network.GroupCoordinatorLookup;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.AddOffsetsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnResponse;
import io.spate.protocol.ApiKey;
import io.spate.protocol.EndTxnRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.Message;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.TxnErrorResponse;
import io.spate.protocol.TxnOffsetCommitRequest;
import io.spate.protocol.TxnOffsetCommitResponse;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A transactional producer's transactions (internal): Kafka's client TransactionManager, on top of
 * the {@link IdempotenceManager} that numbers the batches.
 *
 * <p>States and moves (each through {@link #transitionTo}, which refuses any other):
 * <pre>
 * UNINITIALIZED → INITIALIZING                      initTransactions
 * INITIALIZING  → READY | UNINITIALIZED (timed out, may be called again)
 * READY         → IN_TRANSACTION                    beginTransaction
 * IN_TRANSACTION → COMMITTING_TRANSACTION | ABORTING_TRANSACTION
 * COMMITTING_TRANSACTION → READY (EndTxn commit answered)
 * ABORTING_TRANSACTION   → READY (EndTxn abort answered, or the epoch bumped)
 * IN_TRANSACTION, COMMITTING_TRANSACTION → ABORTABLE_ERROR → ABORTING_TRANSACTION
 * any → FATAL_ERROR (final)
 * </pre>
 *
 * <p>Errors: {@link #classify} sorts every answer. PRODUCER_FENCED, INVALID_PRODUCER_EPOCH and
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED are fatal: every later call and send fails with the same
 * error. Retriable ones (coordinator moved or loading, CONCURRENT_TRANSACTIONS, network) are
 * retried with backoff, finding the coordinator again (FindCoordinator key type 1) when it moved.
 * Any other error inside a transaction — a batch that failed, a partition that could not be added,
 * offsets the group refused — is abortable: the commit fails, the abort works. A failed batch that
 * carried a sequence number leaves a gap the partition would refuse next, so the abort then bumps
 * the epoch (InitProducerId with the current producer id and epoch, KIP-360: the coordinator aborts
 * the transaction itself) and the sequences restart at 0.
 *
 * <p>Partitions: a batch goes only once its partition was added to the transaction; the sender asks
 * {@link #isPartitionAdded} for each partition it would send to, which queues the unknown ones, and
 * {@link #maybeAddPartitions} sends them, all of them in one AddPartitionsToTxn, one request at a time.
 *
 * <p>Threading: the state is volatile and moved under this object's lock, so the application's
 * threads see it at once (a send after {@code beginTransaction} on the same thread is accepted); the
 * rest is confined to the producer's context, where every request is made.
 */
public final class TransactionManager {
    public enum State {
        UNINITIALIZED, INITIALIZING, READY, IN_TRANSACTION, COMMITTING_TRANSACTION, ABORTING_TRANSACTION,
        ABORTABLE_ERROR, FATAL_ERROR;

        /** The states this one may move to (FATAL_ERROR from any but itself). */
        Set<State> next() {
            return switch (this) {
                case UNINITIALIZED -> EnumSet.of(INITIALIZING, FATAL_ERROR);
                case INITIALIZING -> EnumSet.of(READY, UNINITIALIZED, FATAL_ERROR);
                case READY -> EnumSet.of(IN_TRANSACTION, FATAL_ERROR);
                case IN_TRANSACTION -> EnumSet.of(COMMITTING_TRANSACTION, ABORTING_TRANSACTION, ABORTABLE_ERROR, FATAL_ERROR);
                case COMMITTING_TRANSACTION -> EnumSet.of(READY, ABORTABLE_ERROR, FATAL_ERROR);
                case ABORTING_TRANSACTION -> EnumSet.of(READY, FATAL_ERROR);
                case ABORTABLE_ERROR -> EnumSet.of(ABORTING_TRANSACTION, FATAL_ERROR);
                case FATAL_ERROR -> EnumSet.noneOf(State.class);
            };
        }
    }

    /** How an error answer is handled. */
    public enum ErrorClass { RETRIABLE, ABORTABLE, FATAL }

    private final NetworkClient network;
    private final ProducerConfig config;
    private final String transactionalId;
    private final IdempotenceManager idempotence;
    private final Runnable wakeupSender;
    private final GroupCoordinatorLookup txnCoordinator;
    private final GroupCoordinatorLookup groupCoordinator;
    private volatile State state = State.UNINITIALIZED;
    /** What the ABORTABLE_ERROR or FATAL_ERROR state fails calls with. */
    private volatile SpateException lastError;
    /** Partitions added to the open transaction (confined to the context, as all below). */
    private final Set<TopicPartition> added = new HashSet<>();
    /** Partitions a batch waits for, not yet asked for. */
    private final Set<TopicPartition> pending = new LinkedHashSet<>();
    /** The AddPartitionsToTxn in flight, or null. */
    private Future<Void> addInFlight;
    /** True once the coordinator knows of the transaction (a partition or a group was added): EndTxn is needed. */
    private boolean transactionStarted;
    /** A batch with a sequence number failed: the next abort bumps the epoch. */
    private boolean epochBumpNeeded;
    /** The commit or abort being completed, so a second call while it runs gets the same Future. */
    private Future<Void> ending;

    public TransactionManager(NetworkClient network, ProducerConfig config, IdempotenceManager idempotence,
                              Runnable wakeupSender) {
        this.network = network;
        this.config = config;
        this.transactionalId = config.getTransactionalId();
        this.idempotence = idempotence;
        this.wakeupSender = wakeupSender;
        this.txnCoordinator = network == null ? null : GroupCoordinatorLookup.forTransactions(network);
        this.groupCoordinator = network == null ? null : new GroupCoordinatorLookup(network);
    }

    public State state() {
        return state;
    }

    public String transactionalId() {
        return transactionalId;
    }

    /** Moves to {@code to}; {@link IllegalStateException} for a move the state machine does not have. */
    synchronized void transitionTo(State to) {
        if (!state.next().contains(to)) {
            throw new IllegalStateException("transactional id '" + transactionalId + "': cannot go from " + state
                    + " to " + to + hint(to));
        }
        state = to;
    }

    private String hint(State to) {
        if (state == State.FATAL_ERROR) {
            return " (the producer failed for good: " + lastError.getMessage() + ")";
        }
        return switch (to) {
            case IN_TRANSACTION -> state == State.UNINITIALIZED || state == State.INITIALIZING
                    ? ": call initTransactions() first" : ": a transaction is already open";
            case COMMITTING_TRANSACTION -> state == State.ABORTABLE_ERROR
                    ? ": the transaction can only be aborted after " + lastError.getMessage() : ": no transaction is open";
            case ABORTING_TRANSACTION -> ": no transaction is open";
            case INITIALIZING -> ": initTransactions() was called already";
            default -> "";
        };
    }

    /** Kafka's classes of transactional errors (see the class comment). */
    public static ErrorClass classify(ErrorCode error) {
        return switch (error) {
            case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH, TRANSACTIONAL_ID_AUTHORIZATION_FAILED -> ErrorClass.FATAL;
            default -> error.retriable() ? ErrorClass.RETRIABLE : ErrorClass.ABORTABLE;
        };
    }

    /** Moves to FATAL_ERROR with {@code error}, unless already there; every later call fails with it. */
    synchronized void fatal(SpateException error) {
        if (state != State.FATAL_ERROR) {
            lastError = new SpateException(error.error(), "transactional id '" + transactionalId
                    + "' failed for good (close the producer): " + error.getMessage(), error);
            state = State.FATAL_ERROR;
        }
    }

    /**
     * An error inside the open transaction: fatal ones make the producer FATAL_ERROR, others move an
     * open or committing transaction to ABORTABLE_ERROR (the first error is kept); while aborting,
     * or outside a transaction, nothing changes.
     */
    synchronized void transactionError(SpateException error) {
        if (classify(error.error()) == ErrorClass.FATAL) {
            fatal(error);
        } else if (state == State.IN_TRANSACTION || state == State.COMMITTING_TRANSACTION) {
            lastError = new SpateException(error.error(), "transaction of transactional id '" + transactionalId
                    + "' must be aborted: " + error.getMessage(), error);
            state = State.ABORTABLE_ERROR;
        }
    }

    /** Why a send is refused now (any thread), or null inside an open transaction. */
    public RuntimeException sendRefusal() {
        State s = state;
        return switch (s) {
            case IN_TRANSACTION -> null;
            case ABORTABLE_ERROR, FATAL_ERROR -> lastError;
            default -> new IllegalStateException("transactional id '" + transactionalId + "': a transactional producer"
                    + " sends only inside a transaction (call " + (s == State.UNINITIALIZED || s == State.INITIALIZING
                    ? "initTransactions() then " : "") + "beginTransaction() first; state " + s + ")");
        };
    }

    /** What the sender fails batches not yet sent with, or null (ABORTABLE_ERROR, FATAL_ERROR). */
    SpateException unsentBatchError() {
        State s = state;
        return s == State.ABORTABLE_ERROR || s == State.FATAL_ERROR ? lastError : null;
    }

    // ---- the application's calls (any thread); the requests run on the context ----

    /** initTransactions: the producer id and epoch for the transactional id, fencing older producers of it. */
    public Future<Void> initTransactions() {
        try {
            transitionTo(State.INITIALIZING);
        } catch (IllegalStateException e) {
            return Future.failedFuture(state == State.FATAL_ERROR ? lastError : e);
        }
        Promise<Void> promise = network.context().promise();
        network.context().runOnContext(v -> initProducerId(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        transitionTo(State.READY);
                        promise.complete();
                    } else if (state == State.INITIALIZING && NetworkClient.isRetriable(ar.cause())) {
                        transitionTo(State.UNINITIALIZED); // timed out: may be called again
                        promise.fail(ar.cause());
                    } else {
                        fatal(NetworkClient.asSpate(ar.cause()));
                        promise.fail(lastError);
                    }
                }));
        return promise.future();
    }

    /** beginTransaction: local only, as Kafka's; throws when the state does not allow it. */
    public void beginTransaction() {
        if (state == State.FATAL_ERROR) {
            throw lastError;
        }
        transitionTo(State.IN_TRANSACTION);
    }

    /**
     * sendOffsetsToTransaction: AddOffsetsToTxn to the transaction coordinator, then TxnOffsetCommit
     * to the group's coordinator; the offsets count only if the transaction commits.
     */
    public Future<Void> sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        if (state != State.IN_TRANSACTION) {
            return Future.failedFuture(state == State.FATAL_ERROR || state == State.ABORTABLE_ERROR ? lastError
                    : new IllegalStateException("transactional id '" + transactionalId
                    + "': offsets are sent only inside a transaction (state " + state + ")"));
        }
        Promise<Void> promise = network.context().promise();
        network.context().runOnContext(v -> addOffsets(offsets, group).onComplete(ar -> {
            if (ar.failed()) {
                transactionError(NetworkClient.asSpate(ar.cause()));
                promise.fail(lastError != null && state != State.IN_TRANSACTION ? lastError : ar.cause());
            } else {
                promise.complete();
            }
        }));
        return promise.future();
    }

    private Future<Void> addOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        AddOffsetsToTxnRequest add = new AddOffsetsToTxnRequest(transactionalId, idempotence.producerId(),
                idempotence.epoch(), group.groupId());
        return toCoordinator(ApiKey.ADD_OFFSETS_TO_TXN, add, TxnErrorResponse::readFrom, TxnErrorResponse::error)
                .compose(r -> {
                    if (r.error() != ErrorCode.NONE) {
                        return Future.failedFuture(new SpateException(r.error(), "AddOffsetsToTxn for group '"
                                + group.groupId() + "': " + message(r.error(), r.errorMessage())));
                    }
                    transactionStarted = true;
                    return commitOffsets(offsets, group);
                });
    }

    private Future<Void> commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, om) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                .add(new OffsetCommitRequest.Partition(tp.partition(), om.offset(), om.leaderEpoch().orElse(-1),
                        om.metadata())));
        List<OffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, parts) -> topics.add(new OffsetCommitRequest.Topic(t, parts)));
        TxnOffsetCommitRequest request = new TxnOffsetCommitRequest(transactionalId, group.groupId(),
                idempotence.producerId(), idempotence.epoch(), group.generationId(), group.memberId(),
                group.groupInstanceId().orElse(null), topics);
        long deadline = network.nowMs() + config.getMaxBlockMs();
        return groupCoordinator.sendWithRetries(group.groupId(), ApiKey.TXN_OFFSET_COMMIT, request,
                        TxnOffsetCommitResponse::readFrom, r -> firstError(r.topics()), config.getRequestTimeoutMs(), deadline)
                .compose(r -> {
                    ErrorCode error = firstError(r.topics());
                    return error == ErrorCode.NONE ? Future.succeededFuture() : Future.failedFuture(
                            new SpateException(error, "TxnOffsetCommit for group '" + group.groupId() + "': " + error.message()));
                });
    }

    /**
     * commitTransaction once {@code flush} (run on the context) has completed every batch: EndTxn(commit)
     * unless a batch or an earlier step failed (then the commit fails and only an abort is left).
     */
    public Future<Void> commit(Supplier<Future<Void>> flush) {
        return end(true, flush);
    }

    /**
     * abortTransaction once {@code dropBatches} (run on the context) has failed the unsent batches
     * and seen the in-flight ones answered: EndTxn(abort), or the epoch bump that aborts it.
     */
    public Future<Void> abort(Supplier<Future<Void>> dropBatches) {
        return end(false, dropBatches);
    }

    private Future<Void> end(boolean commit, Supplier<Future<Void>> batchesDone) {
        State target = commit ? State.COMMITTING_TRANSACTION : State.ABORTING_TRANSACTION;
        synchronized (this) {
            if (state == target && ending != null) {
                return ending; // the same call again while it runs (or after it timed out: it retries below)
            }
            if (state == State.FATAL_ERROR) {
                return Future.failedFuture(lastError);
            }
            if (commit && state == State.ABORTABLE_ERROR) {
                return Future.failedFuture(lastError);
            }
            if (state != target) {
                try {
                    transitionTo(target);
                } catch (IllegalStateException e) {
                    return Future.failedFuture(e);
                }
            }
            Promise<Void> promise = network.context().promise();
            ending = promise.future();
            network.context().runOnContext(v -> {
                Future<Void> inFlightAdd = addInFlight == null ? Future.succeededFuture() : addInFlight.otherwiseEmpty();
                batchesDone.get().transform(x -> inFlightAdd).transform(x -> complete(commit)).onComplete(ar -> {
                    synchronized (this) {
                        ending = null;
                    }
                    promise.handle(ar);
                });
            });
            return promise.future();
        }
    }

    /** After the batches: the EndTxn (or epoch bump) that completes the transaction, then READY. */
    private Future<Void> complete(boolean commit) {
        if (state == State.FATAL_ERROR || commit && state != State.COMMITTING_TRANSACTION) {
            return Future.failedFuture(lastError);
        }
        Future<Void> done;
        if (!commit && epochBumpNeeded) {
            done = initProducerId(idempotence.producerId(), idempotence.epoch());
        } else if (!transactionStarted) {
            done = Future.succeededFuture(); // the coordinator never heard of it: nothing to end
        } else {
            EndTxnRequest request = new EndTxnRequest(transactionalId, idempotence.producerId(), idempotence.epoch(), commit);
            done = toCoordinator(ApiKey.END_TXN, request, TxnErrorResponse::readFrom, TxnErrorResponse::error).compose(r ->
                    r.error() == ErrorCode.NONE ? Future.succeededFuture() : Future.failedFuture(new SpateException(
                            r.error(), "EndTxn(" + (commit ? "commit" : "abort") + "): " + message(r.error(), r.errorMessage()))));
        }
        return done.transform(ar -> {
            if (ar.succeeded()) {
                added.clear();
                pending.clear();
                transactionStarted = false;
                transitionTo(State.READY);
                return Future.succeededFuture();
            }
            SpateException error = NetworkClient.asSpate(ar.cause());
            if (!error.retriable()) {
                // an EndTxn refused for good leaves the transaction in a state this producer cannot know (Kafka: fatal)
                fatal(error);
                return Future.failedFuture(lastError);
            }
            return Future.failedFuture(error); // timed out: the state stays, calling again retries
        });
    }

    // ---- the sender's side (context) ----

    /**
     * True when {@code tp} was added to the open transaction, so its batches may go; otherwise it is
     * queued for the next AddPartitionsToTxn and the batch waits.
     */
    boolean isPartitionAdded(TopicPartition tp) {
        if (added.contains(tp)) {
            return true;
        }
        pending.add(tp);
        return false;
    }

    /** Sends the queued partitions in one AddPartitionsToTxn, unless one is in flight. */
    void maybeAddPartitions() {
        if (addInFlight != null || pending.isEmpty()
                || state != State.IN_TRANSACTION && state != State.COMMITTING_TRANSACTION) {
            return;
        }
        List<TopicPartition> asked = new ArrayList<>(pending);
        pending.clear();
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        asked.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition()));
        List<TopicPartitions> topics = new ArrayList<>();
        byTopic.forEach((t, ps) -> topics.add(new TopicPartitions(t, ps)));
        AddPartitionsToTxnRequest request = new AddPartitionsToTxnRequest(transactionalId, idempotence.producerId(),
                idempotence.epoch(), topics);
        Future<Void> f = toCoordinator(ApiKey.ADD_PARTITIONS_TO_TXN, request, AddPartitionsToTxnResponse::readFrom,
                r -> firstError(r.topics())).compose(r -> {
                    ErrorCode error = firstError(r.topics());
                    return error == ErrorCode.NONE ? Future.succeededFuture() : Future.failedFuture(
                            new SpateException(error, "AddPartitionsToTxn " + asked + ": " + error.message()));
                });
        addInFlight = f;
        f.onComplete(ar -> {
            addInFlight = null;
            if (ar.succeeded()) {
                added.addAll(asked);
                transactionStarted = true;
            } else {
                transactionError(NetworkClient.asSpate(ar.cause()));
            }
            wakeupSender.run();
        });
    }

    /**
     * A batch of the transaction failed (not by the abort itself): fatal errors are fatal, others
     * make the transaction abortable; a batch that carried a sequence makes the next abort bump the
     * epoch (its sequence range is a gap now).
     */
    void batchFailed(ProducerBatch batch, RuntimeException error) {
        if (batch.hasSequence()) {
            epochBumpNeeded = true;
        }
        if (state == State.ABORTING_TRANSACTION || error instanceof TransactionAbortedException) {
            return;
        }
        transactionError(error instanceof SpateException se ? se
                : new SpateException(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(error.getMessage()), error));
    }

    // ---- requests ----

    /**
     * InitProducerId with the transactional id: a new producer id and epoch ({@code producerId} -1), or
     * the current ones bumped (KIP-360); the idempotence manager restarts its sequences from it.
     * CONCURRENT_TRANSACTIONS (an older producer's transaction is still ending) is retried.
     */
    private Future<Void> initProducerId(long producerId, short epoch) {
        InitProducerIdRequest request = new InitProducerIdRequest(transactionalId, config.getTransactionTimeoutMs(),
                producerId, epoch);
        return toCoordinator(ApiKey.INIT_PRODUCER_ID, request, InitProducerIdResponse::readFrom, InitProducerIdResponse::error)
                .compose(r -> {
                    if (r.error() != ErrorCode.NONE) {
                        return Future.failedFuture(new SpateException(r.error(), "InitProducerId: "
                                + message(r.error(), r.errorMessage())));
                    }
                    idempotence.resetProducerId(r.producerId(), r.producerEpoch());
                    epochBumpNeeded = false;
                    return Future.succeededFuture();
                });
    }

    /**
     * A request to the transaction coordinator, retried until {@code max.block.ms}: when it moved or
     * is loading (the lookup asks again), and on CONCURRENT_TRANSACTIONS; any other answer is the result.
     */
    private <T> Future<T> toCoordinator(ApiKey key, Message body, Function<ByteBuf, T> reader,
                                        Function<T, ErrorCode> errorOf) {
        long deadline = network.nowMs() + config.getMaxBlockMs();
        return network.withRetries(() -> txnCoordinator.send(transactionalId, key, body, reader, errorOf,
                        config.getRequestTimeoutMs()).compose(r -> errorOf.apply(r) == ErrorCode.CONCURRENT_TRANSACTIONS
                        ? Future.failedFuture(new SpateException(ErrorCode.CONCURRENT_TRANSACTIONS, key
                        + ": another operation on transactional id '" + transactionalId + "' is still running"))
                        : Future.succeededFuture(r)),
                deadline, key.name() + " for transactional id '" + transactionalId + "'");
    }

    /** The first error of a per-partition answer, NONE when all succeeded. */
    private static ErrorCode firstError(List<PartitionErrors> topics) {
        ErrorCode other = ErrorCode.NONE;
        for (PartitionErrors t : topics) {
            for (PartitionErrors.PartitionError p : t.partitions()) {
                if (p.error() == ErrorCode.NONE) {
                    continue;
                }
                // OPERATION_NOT_ATTEMPTED only says another partition failed: report that one
                if (p.error() != ErrorCode.OPERATION_NOT_ATTEMPTED) {
                    return p.error();
                }
                other = p.error();
            }
        }
        return other;
    }

    private static String message(ErrorCode error, String message) {
        return message == null || message.isEmpty() ? error.name() + ": " + error.message() : error.name() + ": " + message;
    }

    /** For tests: partitions added to the open transaction. */
    Set<TopicPartition> addedPartitions() {
        return Set.copyOf(added);
    }

    boolean epochBumpNeeded() {
        return epochBumpNeeded;
    }
}
