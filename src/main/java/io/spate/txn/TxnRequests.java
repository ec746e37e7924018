package io.spate.txn;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.Set;

/**
 * The producer-facing transitions, Kafka's TransactionCoordinator rules: InitProducerId with a
 * transactional id, AddPartitionsToTxn (AddOffsetsToTxn is the same with the group's offsets
 * partition), EndTxn, and the fencing abort both InitProducerId and the timeout use. Each change
 * is written ({@link TxnStore#write}) before it is answered. The checks, in Kafka's order:
 * NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS, unknown id or other producer id
 * (INVALID_PRODUCER_ID_MAPPING), old epoch (PRODUCER_FENCED), a change in flight or a transaction
 * being ended (CONCURRENT_TRANSACTIONS), then the state's own rule (INVALID_TXN_STATE).
 * Only on the coordinator's context.
 */
final class TxnRequests {
    private static final System.Logger LOG = System.getLogger(TxnRequests.class.getName());

    private final TxnConfig config;
    private final TxnRegistry registry;
    private final TxnStore store;
    private final MarkerWriter markers;
    private final ProducerIdManager producerIds;

    TxnRequests(TxnConfig config, TxnRegistry registry, TxnStore store, MarkerWriter markers, ProducerIdManager producerIds) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.markers = markers;
        this.producerIds = producerIds;
    }

    /**
     * @param expectedProducerId    -1, or the producer's current id (KIP-360: bump my epoch)
     * @param expectedProducerEpoch -1, or the producer's current epoch
     */
    Future<InitPidResult> initProducerId(String id, int timeoutMs, long expectedProducerId, short expectedProducerEpoch) {
        if (id.isEmpty()) {
            return answer(ErrorCode.INVALID_REQUEST);
        }
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            return answer(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
        }
        ErrorCode status = registry.status(id);
        if (status != ErrorCode.NONE) {
            return answer(status);
        }
        TxnEntry e = registry.get(id);
        if (e == null) {
            return createId(id, timeoutMs);
        }
        if (e.pending != null) {
            return answer(ErrorCode.CONCURRENT_TRANSACTIONS);
        }
        TxnMetadata m = e.current;
        boolean expected = expectedProducerId != TxnMetadata.NO_PRODUCER_ID;
        // Kafka's isValidProducerId: a fresh id, its current producer id, or a retry after a rotation
        boolean valid = !expected || m.producerEpoch() == TxnMetadata.NO_EPOCH || expectedProducerId == m.producerId()
                || (expectedProducerId == m.lastProducerId() && expectedProducerEpoch >= TxnMetadata.MAX_EPOCH);
        if (!valid) {
            return answer(ErrorCode.PRODUCER_FENCED);
        }
        switch (m.state()) {
            case ONGOING -> {
                // the open transaction is aborted under a bumped epoch first; the client retries and bumps again
                fenceAndAbort(e);
                return answer(ErrorCode.CONCURRENT_TRANSACTIONS);
            }
            case EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> {
                if (m.epochExhausted() && (!expected || expectedProducerEpoch == m.producerEpoch())) {
                    return rotate(e, timeoutMs);
                }
                if (!expected || m.producerEpoch() == TxnMetadata.NO_EPOCH || expectedProducerEpoch == m.producerEpoch()) {
                    TxnMetadata next = m.toEmptyWithBumpedEpoch(timeoutMs, store.nowMs());
                    return store.write(e, next).map(v -> InitPidResult.of(next)).recover(TxnRequests::initError);
                }
                if (expectedProducerEpoch == m.lastProducerEpoch()) {
                    return Future.succeededFuture(InitPidResult.of(m)); // a retry of the bump that was answered already
                }
                return answer(ErrorCode.PRODUCER_FENCED);
            }
            default -> {
                return answer(ErrorCode.CONCURRENT_TRANSACTIONS);
            }
        }
    }

    private Future<InitPidResult> createId(String id, int timeoutMs) {
        return store.back(producerIds.nextProducerId()).transform(ar -> {
            if (ar.failed()) {
                return answer(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
            }
            ErrorCode status = registry.status(id);
            if (status != ErrorCode.NONE) {
                return answer(status);
            }
            if (registry.get(id) != null) {
                return answer(ErrorCode.CONCURRENT_TRANSACTIONS); // another InitProducerId created it meanwhile
            }
            TxnMetadata first = TxnMetadata.created(id, ar.result(), timeoutMs, store.nowMs());
            return store.create(registry.load(registry.partitionFor(id)), first)
                    .map(e -> InitPidResult.of(first)).recover(TxnRequests::initError);
        });
    }

    /** The epoch is exhausted: the id moves to a new producer id at epoch 0. */
    private Future<InitPidResult> rotate(TxnEntry e, int timeoutMs) {
        TxnMetadata m = e.current;
        e.pending = TxnState.EMPTY; // held while the new id is claimed
        return store.back(producerIds.nextProducerId()).transform(ar -> {
            if (!registry.owns(e) || e.current != m) {
                return answer(ErrorCode.NOT_COORDINATOR);
            }
            if (ar.failed()) {
                e.pending = null;
                return answer(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
            }
            TxnMetadata next = m.toEmptyWithNewProducerId(ar.result(), timeoutMs, store.nowMs());
            return store.write(e, next).map(v -> InitPidResult.of(next)).recover(TxnRequests::initError);
        });
    }

    /** AddPartitionsToTxn: NONE when the partitions are in the open transaction (durably), else the error for all. */
    Future<ErrorCode> addPartitions(String id, long producerId, short producerEpoch, Set<TopicPartition> partitions) {
        ErrorCode error = check(id, producerId, producerEpoch);
        if (error != ErrorCode.NONE) {
            return Future.succeededFuture(error);
        }
        TxnEntry e = registry.get(id);
        TxnMetadata m = e.current;
        return switch (m.state()) {
            case PREPARE_COMMIT, PREPARE_ABORT -> Future.succeededFuture(ErrorCode.CONCURRENT_TRANSACTIONS);
            case ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT -> {
                if (partitions.isEmpty() || m.state() == TxnState.ONGOING && m.partitions().containsAll(partitions)) {
                    yield Future.succeededFuture(ErrorCode.NONE);
                }
                yield store.write(e, m.toOngoing(partitions, store.nowMs())).map(ErrorCode.NONE)
                        .recover(err -> Future.succeededFuture(errorOf(err)));
            }
            default -> Future.succeededFuture(ErrorCode.CONCURRENT_TRANSACTIONS);
        };
    }

    /**
     * EndTxn: NONE once PrepareCommit / PrepareAbort is durable (the markers follow), or when the
     * transaction already ended the way asked (a retry); CONCURRENT_TRANSACTIONS while it is being
     * ended that way; INVALID_TXN_STATE for the other way, or with no transaction open.
     */
    Future<ErrorCode> endTxn(String id, long producerId, short producerEpoch, boolean commit) {
        ErrorCode error = check(id, producerId, producerEpoch);
        if (error != ErrorCode.NONE) {
            return Future.succeededFuture(error);
        }
        TxnEntry e = registry.get(id);
        TxnMetadata m = e.current;
        return switch (m.state()) {
            case ONGOING -> store.write(e, m.toPrepare(commit, store.nowMs())).map(v -> {
                markers.complete(e).onFailure(err -> LOG.log(System.Logger.Level.INFO, "transaction of '" + id
                        + "' not completed by this coordinator: " + err.getMessage()));
                return ErrorCode.NONE;
            }).recover(err -> Future.succeededFuture(errorOf(err)));
            case COMPLETE_COMMIT -> Future.succeededFuture(commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE);
            case COMPLETE_ABORT -> Future.succeededFuture(commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE);
            case PREPARE_COMMIT -> Future.succeededFuture(commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE);
            case PREPARE_ABORT -> Future.succeededFuture(commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS);
            default -> Future.succeededFuture(ErrorCode.INVALID_TXN_STATE);
        };
    }

    /**
     * Aborts {@code e}'s open transaction under a bumped epoch (PrepareEpochFence, written as
     * PrepareAbort with the new epoch), then sends the ABORT markers and completes it.
     */
    void fenceAndAbort(TxnEntry e) {
        TxnMetadata m = e.current;
        e.pending = TxnState.PREPARE_EPOCH_FENCE;
        store.write(e, m.toFencedAbort(store.nowMs()))
                .compose(v -> markers.complete(e))
                .onFailure(err -> LOG.log(System.Logger.Level.INFO, "aborting the transaction of '" + e.id()
                        + "' (fenced or timed out) did not complete here: " + err.getMessage()));
    }

    /** The checks every request of a producer passes: an id, coordinator, id mapping, epoch, nothing in flight. */
    private ErrorCode check(String id, long producerId, short producerEpoch) {
        if (id.isEmpty()) {
            return ErrorCode.INVALID_REQUEST;
        }
        ErrorCode status = registry.status(id);
        if (status != ErrorCode.NONE) {
            return status;
        }
        TxnEntry e = registry.get(id);
        if (e == null || !e.durable || e.current.producerId() != producerId) {
            return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
        }
        if (e.current.producerEpoch() != producerEpoch) {
            return ErrorCode.PRODUCER_FENCED;
        }
        return e.pending != null ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.NONE;
    }

    private static Future<InitPidResult> answer(ErrorCode error) {
        return Future.succeededFuture(InitPidResult.error(error));
    }

    private static Future<InitPidResult> initError(Throwable err) {
        return answer(errorOf(err));
    }

    private static ErrorCode errorOf(Throwable err) {
        return err instanceof SpateException se ? se.error() : ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
