package io.spate.txn;

import io.spate.protocol.ErrorCode;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code __transaction_state} in memory for the coordinator tests: appends stamp base offsets and
 * keep a copy of each batch; a test can make appends fail with an error. Appends complete on
 * another thread's turn (a fresh context), as a partition's own context would. Thread-safe.
 */
final class InMemoryTxnStateLog implements TxnStateLog {
    private final int partitions;
    private final List<List<ByteBuffer>> batches = new ArrayList<>();
    private final long[] nextOffset;
    private final io.vertx.core.Context completions;
    private ErrorCode failure;

    InMemoryTxnStateLog(int partitions, io.vertx.core.Context completions) {
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
        Future<Long> result = appendNow(partition, batch);
        Promise<Long> p = Promise.promise();
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
        List<ByteBuffer> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(batches.get(partition));
        }
        io.vertx.core.Context caller = Vertx.currentContext();
        Promise<Void> visited = Promise.promise();
        caller.runOnContext(x -> {
            snapshot.forEach(b -> visitor.accept(new RecordBatch(b, 0)));
            visited.complete();
        });
        return visited.future();
    }

    synchronized void failAppends(ErrorCode error) {
        failure = error;
    }

    /** Appends a batch built by the test (a state written by an earlier coordinator, say). */
    synchronized void appendRaw(int partition, ByteBuffer batch) {
        appendNow(partition, batch);
    }

    synchronized List<Record> records(int partition) {
        List<Record> all = new ArrayList<>();
        batches.get(partition).forEach(b -> all.addAll(new RecordBatch(b, 0).records()));
        return all;
    }

    /** The states written for {@code id}, in order (null for a tombstone). */
    synchronized List<TxnState> statesOf(String id, int partition) {
        List<TxnState> out = new ArrayList<>();
        for (Record r : records(partition)) {
            if (TxnRecordCodec.readKey(r.key()).equals(id)) {
                out.add(r.value() == null ? null : TxnRecordCodec.readValue(id, r.value()).state());
            }
        }
        return out;
    }
}
