package io.spate.group;

import io.spate.record.RecordBatch;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The internal offsets topic as the coordinator needs it; the broker implements it over its
 * partition logs. Partition p holds the groups whose {@link GroupCoordinator#partitionFor} is p.
 */
public interface CoordinatorLog {
    /** Partitions of the offsets topic. */
    int partitionCount();

    /**
     * Appends one batch durably (acks=all); completes with its base offset, or fails with a
     * {@link io.spate.protocol.SpateException} carrying the error code. May complete on any thread.
     */
    Future<Long> append(int partition, ByteBuffer batch);

    /**
     * Every batch from the log start up to the log end, in offset order, to the visitor (called on the
     * coordinator's context); completes when all were visited. The log end, not the high watermark: a
     * new leader learns the high watermark from its followers only after it took over, and a record it
     * holds past it (a transaction's PrepareCommit, say) is one it commits as leader.
     */
    Future<Void> replay(int partition, Consumer<RecordBatch> visitor);
}
