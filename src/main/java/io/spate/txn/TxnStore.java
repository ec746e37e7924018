package io.spate.txn;

import io.spate.common.Time;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatchBuilder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;

/**
 * Makes a state change durable, then real: {@link #write} appends the new value of an id to its
 * {@code __transaction_state} partition (acks=all) and only once that succeeded, and the id is
 * still served by the same load, installs it. Meanwhile the entry is pending, so concurrent
 * changes answer CONCURRENT_TRANSACTIONS. Append failures become the errors Kafka answers with,
 * in one place. Only on the coordinator's context.
 */
final class TxnStore {
    private final Context context;
    private final TxnStateLog log;
    private final TxnRegistry registry;
    private final Time time;

    TxnStore(Context context, TxnStateLog log, TxnRegistry registry, Time time) {
        this.context = context;
        this.log = log;
        this.registry = registry;
        this.time = time;
    }

    long nowMs() {
        return time.milliseconds();
    }

    /**
     * Writes {@code next} (a tombstone when it is Dead) for {@code e}'s id; completes on the
     * coordinator's context once installed, or fails with a {@link SpateException} carrying the
     * error to answer (NOT_COORDINATOR when the partition was lost meanwhile).
     */
    Future<Void> write(TxnEntry e, TxnMetadata next) {
        if (e.pending == null) {
            e.pending = next.state();
        }
        byte[] value = next.state() == TxnState.DEAD ? null : TxnRecordCodec.value(next);
        Future<Long> appended;
        try {
            RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, 64 + (value == null ? 0 : value.length));
            builder.append(nowMs(), TxnRecordCodec.key(e.id()), value, null);
            ByteBuffer batch = builder.build();
            appended = back(log.append(e.owner.partition, batch));
        } catch (RuntimeException ex) {
            appended = Future.failedFuture(ex);
        }
        return appended.transform(ar -> {
            if (!registry.owns(e)) {
                return Future.failedFuture(ErrorCode.NOT_COORDINATOR.exception("partition " + e.owner.partition
                        + " of __transaction_state is no longer served here"));
            }
            e.pending = null;
            if (ar.failed()) {
                return Future.failedFuture(appendError(ar.cause()).exception("writing the state of '" + e.id() + "': "
                        + ar.cause().getMessage()));
            }
            if (next.state() == TxnState.DEAD) {
                e.owner.entries.remove(e.id());
            } else {
                e.current = next;
            }
            return Future.succeededFuture();
        });
    }

    /** Appends a brand-new id's first state; the entry is added only once it is durable. */
    Future<TxnEntry> create(TxnRegistry.Load load, TxnMetadata first) {
        TxnEntry e = new TxnEntry(load, first);
        e.durable = false;
        load.entries.put(first.transactionalId(), e);
        return write(e, first).recover(err -> {
            if (load.entries.get(first.transactionalId()) == e && e.current == first) {
                load.entries.remove(first.transactionalId());
            }
            return Future.failedFuture(err);
        }).map(v -> {
            e.durable = true;
            return e;
        });
    }

    /** Kafka's mapping of a failed append of the transaction log to the coordinator's answer. */
    static ErrorCode appendError(Throwable t) {
        ErrorCode e = t instanceof SpateException se ? se.error() : ErrorCode.UNKNOWN_SERVER_ERROR;
        return switch (e) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT,
                 COORDINATOR_NOT_AVAILABLE -> ErrorCode.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR, NOT_COORDINATOR -> ErrorCode.NOT_COORDINATOR;
            default -> ErrorCode.UNKNOWN_SERVER_ERROR;
        };
    }

    /** Completes on the coordinator's context whatever context {@code f} completes on. */
    <T> Future<T> back(Future<T> f) {
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                p.handle(ar);
            } else {
                context.runOnContext(v -> p.handle(ar));
            }
        });
        return p.future();
    }
}
