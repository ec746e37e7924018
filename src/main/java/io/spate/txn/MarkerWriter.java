package io.spate.txn;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ends a prepared transaction: sends its COMMIT or ABORT marker to every partition's leader
 * ({@link TxnMarkerSender}), retrying the partitions that failed with a retriable error
 * (NOT_LEADER_OR_FOLLOWER, not enough replicas, a node unreachable, ...) every
 * {@link #RETRY_BACKOFF_MS} until they succeed or this coordinator no longer serves the id, then
 * writes CompleteCommit / CompleteAbort (retrying that append the same way). A partition answering
 * INVALID_PRODUCER_EPOCH or TRANSACTION_COORDINATOR_FENCED means a newer coordinator or producer
 * epoch exists: this coordinator stops (as Kafka's), leaving the id prepared for the newer one.
 * Only on the coordinator's context.
 */
final class MarkerWriter {
    /** Kafka's retry.backoff.ms of the marker channel. */
    static final long RETRY_BACKOFF_MS = 100;
    /** The first failed round that is logged as a WARNING (about 2 s of retries), then every this many (about a minute). */
    private static final int WARN_AFTER_ATTEMPTS = 20;
    private static final int WARN_EVERY_ATTEMPTS = 600;
    private static final System.Logger LOG = System.getLogger(MarkerWriter.class.getName());

    private final Context context;
    private final TxnMarkerSender sender;
    private final TxnRegistry registry;
    private final TxnStore store;

    MarkerWriter(Context context, TxnMarkerSender sender, TxnRegistry registry, TxnStore store) {
        this.context = context;
        this.sender = sender;
        this.registry = registry;
        this.store = store;
    }

    /**
     * Starts ending {@code e}'s prepared transaction; the Future completes once it is complete (or
     * fails when this coordinator gave up: the id moved away, or it was fenced). Callers that answer
     * at Prepare do not wait for it.
     */
    Future<Void> complete(TxnEntry e) {
        TxnMetadata prepared = e.current;
        if (prepared.state() != TxnState.PREPARE_COMMIT && prepared.state() != TxnState.PREPARE_ABORT) {
            return Future.failedFuture(new IllegalStateException(e.id() + " is " + prepared.state() + ", not prepared"));
        }
        e.pending = prepared.toComplete(store.nowMs()).state(); // nothing else may change it until it is complete
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        sendMarkers(e, prepared, new TreeSet<>(prepared.partitions()), done);
        return done.future();
    }

    private boolean stillOwned(TxnEntry e, TxnMetadata prepared) {
        return registry.owns(e) && e.current == prepared;
    }

    private void sendMarkers(TxnEntry e, TxnMetadata prepared, Set<TopicPartition> left, io.vertx.core.Promise<Void> done) {
        sendMarkers(e, prepared, left, done, 1);
    }

    /**
     * Whether the {@code attempt}-th failed round of markers is worth a WARNING: markers are retried every
     * {@value #RETRY_BACKOFF_MS} ms for as long as it takes, so the operator hears of it after about 2 s and
     * then about once a minute, not at every retry.
     */
    private static boolean warns(int attempt) {
        return attempt == WARN_AFTER_ATTEMPTS || attempt % WARN_EVERY_ATTEMPTS == 0;
    }

    private void sendMarkers(TxnEntry e, TxnMetadata prepared, Set<TopicPartition> left, io.vertx.core.Promise<Void> done,
                             int attempt) {
        if (!stillOwned(e, prepared)) {
            done.fail(ErrorCode.NOT_COORDINATOR.exception(e.id() + " is no longer served here"));
            return;
        }
        if (left.isEmpty()) {
            writeComplete(e, prepared, done);
            return;
        }
        TxnMarker marker = new TxnMarker(prepared.producerId(), prepared.producerEpoch(),
                prepared.state() == TxnState.PREPARE_COMMIT, e.owner.coordinatorEpoch, left);
        Future<Map<TopicPartition, ErrorCode>> sent;
        try {
            sent = store.back(sender.send(marker));
        } catch (RuntimeException ex) {
            sent = Future.failedFuture(ex);
        }
        sent.onComplete(ar -> {
            Set<TopicPartition> retry = new TreeSet<>(left);
            if (ar.succeeded()) {
                for (Map.Entry<TopicPartition, ErrorCode> r : ar.result().entrySet()) {
                    ErrorCode error = r.getValue();
                    if (error == ErrorCode.NONE) {
                        retry.remove(r.getKey());
                    } else if (error == ErrorCode.INVALID_PRODUCER_EPOCH || error == ErrorCode.TRANSACTION_COORDINATOR_FENCED) {
                        LOG.log(System.Logger.Level.WARNING, "transaction of '" + e.id() + "': " + r.getKey() + " answered "
                                + error + " to the marker of coordinator epoch " + marker.coordinatorEpoch()
                                + "; a newer coordinator or producer epoch exists, this coordinator stops ending it");
                        e.pending = null;
                        done.fail(error.exception(r.getKey() + " refused the marker"));
                        return;
                    } else {
                        LOG.log(warns(attempt) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "marker for '"
                                + e.id() + "' on " + r.getKey() + ": " + error + ", retrying (attempt " + attempt + ")");
                    }
                }
            } else {
                LOG.log(warns(attempt) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "markers for '" + e.id()
                        + "' not sent, retrying (attempt " + attempt + "): " + ar.cause());
            }
            if (retry.isEmpty()) {
                sendMarkers(e, prepared, retry, done, 1);
            } else {
                later(() -> sendMarkers(e, prepared, retry, done, attempt + 1));
            }
        });
    }

    private void writeComplete(TxnEntry e, TxnMetadata prepared, io.vertx.core.Promise<Void> done) {
        e.pending = null;
        store.write(e, prepared.toComplete(store.nowMs())).onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete();
            } else if (stillOwned(e, prepared)) {
                e.pending = prepared.toComplete(store.nowMs()).state();
                LOG.log(System.Logger.Level.DEBUG, "completing '" + e.id() + "' failed, retrying: " + ar.cause());
                later(() -> sendMarkers(e, prepared, Set.of(), done));
            } else {
                done.fail(ar.cause());
            }
        });
    }

    private void later(Runnable action) {
        context.owner().setTimer(RETRY_BACKOFF_MS, id -> context.runOnContext(v -> action.run()));
    }
}
