package io.spate.txn;

import io.spate.protocol.ErrorCode;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads and unloads partitions of {@code __transaction_state}. Loading replays the partition (the
 * last value per transactional id wins, a tombstone removes the id), then serves its ids, and
 * finishes what a previous coordinator left half done: every id in PrepareCommit or PrepareAbort
 * has its markers sent (again: markers are idempotent for the partitions) and is completed. While
 * a partition loads, its ids answer COORDINATOR_LOAD_IN_PROGRESS. Only on the coordinator's context.
 */
final class TxnLoader {
    private static final System.Logger LOG = System.getLogger(TxnLoader.class.getName());

    private final TxnStateLog log;
    private final TxnRegistry registry;
    private final TxnStore store;
    private final MarkerWriter markers;

    TxnLoader(TxnStateLog log, TxnRegistry registry, TxnStore store, MarkerWriter markers) {
        this.log = log;
        this.registry = registry;
        this.store = store;
        this.markers = markers;
    }

    io.vertx.core.Future<Void> load(int partition, int coordinatorEpoch) {
        if (partition < 0 || partition >= registry.partitionCount()) {
            return io.vertx.core.Future.failedFuture(new IllegalArgumentException(
                    "__transaction_state has no partition " + partition));
        }
        TxnRegistry.Load existing = registry.load(partition);
        if (existing != null && existing.coordinatorEpoch == coordinatorEpoch) {
            return io.vertx.core.Future.succeededFuture(); // loaded or loading already
        }
        TxnRegistry.Load load = new TxnRegistry.Load(partition, coordinatorEpoch);
        registry.load(partition, load);
        Map<String, TxnMetadata> latest = new LinkedHashMap<>();
        Throwable[] failure = new Throwable[1];
        io.vertx.core.Future<Void> replayed;
        try {
            replayed = store.back(log.replay(partition, batch -> visit(partition, batch, latest, failure)));
        } catch (RuntimeException e) {
            replayed = io.vertx.core.Future.failedFuture(e);
        }
        return replayed.transform(ar -> {
            if (registry.load(partition) != load) {
                return io.vertx.core.Future.failedFuture(ErrorCode.NOT_COORDINATOR.exception(
                        "__transaction_state-" + partition + " was unloaded while loading"));
            }
            Throwable failed = ar.failed() ? ar.cause() : failure[0];
            if (failed != null) {
                registry.load(partition, null);
                LOG.log(System.Logger.Level.ERROR, "could not load __transaction_state-" + partition, failed);
                return io.vertx.core.Future.failedFuture(failed);
            }
            latest.forEach((id, m) -> load.entries.put(id, new TxnEntry(load, m)));
            load.loaded = true;
            int resumed = 0;
            for (TxnEntry e : load.entries.values()) {
                if (e.current.state() == TxnState.PREPARE_COMMIT || e.current.state() == TxnState.PREPARE_ABORT) {
                    resumed++;
                    markers.complete(e).onFailure(err -> LOG.log(System.Logger.Level.INFO, "transaction of '"
                            + e.id() + "' not completed by this coordinator: " + err.getMessage()));
                }
            }
            LOG.log(latest.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, "loaded " + latest.size()
                    + " transactional ids from __transaction_state-" + partition + " at coordinator epoch "
                    + coordinatorEpoch + (resumed > 0 ? "; completing " + resumed + " prepared transactions" : ""));
            return io.vertx.core.Future.succeededFuture();
        });
    }

    /** Stops serving the partition: its ids are dropped; writes and markers in flight for them give up. */
    void unload(int partition) {
        registry.load(partition, null);
    }

    private static void visit(int partition, RecordBatch batch, Map<String, TxnMetadata> latest, Throwable[] failure) {
        if (failure[0] != null || batch.isControl()) {
            return;
        }
        long at = batch.baseOffset();
        try {
            for (Record r : batch.records()) {
                at = r.offset();
                if (r.key() == null) {
                    throw new IllegalArgumentException("record without a key");
                }
                String id = TxnRecordCodec.readKey(r.key());
                if (r.value() == null) {
                    latest.remove(id);
                } else {
                    latest.put(id, TxnRecordCodec.readValue(id, r.value()));
                }
            }
        } catch (RuntimeException e) {
            failure[0] = new IllegalStateException("__transaction_state-" + partition + " has a bad record at offset "
                    + at + ": " + e, e);
        }
    }
}
