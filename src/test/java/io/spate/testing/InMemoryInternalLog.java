package io.spate.testing;

import io.spate.group.CoordinatorLog;
import io.spate.protocol.ErrorCode;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.txn.TxnStateLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An internal topic ({@code __consumer_offsets}, {@code __transaction_state}) in memory for the
 * coordinator tests: appends stamp base offsets and keep a copy
 * of each batch; a test can make appends fail with an error, or hold replays until it releases them.
 * Thread-safe (the coordinator appends on its context, tests inspect from theirs).
 */
public final class InMemoryInternalLog implements CoordinatorLog, TxnStateLog {
    private final int partitions;
    private final List<List<ByteBuffer>> batches = new ArrayList<>();
    private final long[] nextOffset;
    private ErrorCode failure;
    private Promise<Void> replayGate;
    private final Context completions;

    /**
     * @param completions the context appends and replays complete on, as a broker's partition
     *                    context would (null: at once, on the caller's thread)
     */
    public InMemoryInternalLog(int partitions, Context completions) {
        this.partitions = partitions;
        this.completions = completions;
        this.nextOffset = new long[partitions];
        for (int i = 0; i < partitions; i++) {
            batches.add(new ArrayList<>());
        }
    }

    @Override
    public int partitionCount() {
        return partitions;
    }

    @Override
    public Future<Long> append(int partition, ByteBuffer batch) {
        return elsewhere(appendNow(partition, batch));
    }

    private <T> Future<T> elsewhere(Future<T> result) {
        if (completions == null) {
            return result;
        }
        Promise<T> p = Promise.promise();
        completions.runOnContext(v -> result.onComplete(p));
        return p.future();
    }

    private synchronized Future<Long> appendNow(int partition, ByteBuffer batch) {
        if (failure != null) {
            return Future.failedFuture(failure.exception("injected append failure"));
        }
        ByteBuffer copy = ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
        RecordBatch view = new RecordBatch(copy, 0);
        if (!view.isChecksumValid()) {
            return Future.failedFuture(ErrorCode.CORRUPT_MESSAGE.exception("bad CRC"));
        }
        long base = nextOffset[partition];
        copy.putLong(RecordBatch.BASE_OFFSET_OFFSET, base);
        nextOffset[partition] = base + view.recordCount();
        batches.get(partition).add(copy);
        return Future.succeededFuture(base);
    }

    @Override
    public Future<Void> replay(int partition, Consumer<RecordBatch> visitor) {
        Promise<Void> gate;
        List<ByteBuffer> snapshot;
        synchronized (this) {
            gate = replayGate;
            snapshot = List.copyOf(batches.get(partition));
        }
        // The visitor runs on the caller's (the coordinator's) context, as the contract says.
        Context caller = Vertx.currentContext();
        Future<Void> start = gate == null ? Future.succeededFuture() : gate.future();
        return elsewhere(start.compose(v -> {
            Promise<Void> visited = Promise.promise();
            caller.runOnContext(x -> {
                snapshot.forEach(b -> visitor.accept(new RecordBatch(b, 0)));
                visited.complete();
            });
            return visited.future();
        }));
    }

    /** Every later append fails with {@code error} until {@link #failAppends} is called with null. */
    public synchronized void failAppends(ErrorCode error) {
        failure = error;
    }

    /** Replays started from now on wait until {@link #releaseReplays()}. */
    public synchronized void holdReplays() {
        replayGate = Promise.promise();
    }

    public void releaseReplays() {
        Promise<Void> gate;
        synchronized (this) {
            gate = replayGate;
            replayGate = null;
        }
        gate.complete();
    }

    /** Appends raw bytes as one batch built by the test (e.g. a corrupt record). */
    public synchronized void appendRaw(int partition, ByteBuffer batch) {
        appendNow(partition, batch);
    }

    /** Every record of {@code partition}, in offset order. */
    public synchronized List<Record> records(int partition) {
        List<Record> all = new ArrayList<>();
        batches.get(partition).forEach(b -> all.addAll(new RecordBatch(b, 0).records()));
        return all;
    }

    /** Every batch of {@code partition}, in offset order (views of copies). */
    public synchronized List<RecordBatch> batches(int partition) {
        List<RecordBatch> all = new ArrayList<>();
        batches.get(partition).forEach(b -> all.add(new RecordBatch(b.duplicate(), 0)));
        return all;
    }

    public synchronized int batchCount(int partition) {
        return batches.get(partition).size();
    }
}
