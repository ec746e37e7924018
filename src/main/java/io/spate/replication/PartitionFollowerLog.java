package io.spate.replication;

import io.spate.log.EpochEndOffset;
import io.spate.log.LogAppendInfo;
import io.spate.log.PartitionLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * A {@link FollowerLog} over a {@link PartitionLog} whose owner is {@code owner}: every change runs
 * there, as the log's threading rule asks. For tests and for a broker that has no other work to do
 * around a follower append (the broker's partition writer also flushes and wakes parked fetches, so
 * it implements {@link FollowerLog} itself).
 */
public final class PartitionFollowerLog implements FollowerLog {
    private final PartitionLog log;
    private final Context owner;
    private final Supplier<String> closed;

    public PartitionFollowerLog(PartitionLog log, Context owner) {
        this(log, owner, () -> null);
    }

    /**
     * @param closed asked on the owner context before every change: null while the log may be
     *               changed, else why not (its owner closed it, or is closing it on a worker), which
     *               fails the change with a {@link ReplicaStoppedException} and leaves the log alone
     */
    public PartitionFollowerLog(PartitionLog log, Context owner, Supplier<String> closed) {
        this.log = log;
        this.owner = owner;
        this.closed = closed;
    }

    private <T> Future<T> onOwner(Supplier<T> work) {
        Promise<T> promise = Promise.promise();
        owner.runOnContext(v -> {
            try {
                String why = closed.get();
                if (why != null) {
                    throw new ReplicaStoppedException(why);
                }
                promise.complete(work.get());
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    @Override
    public Future<LogAppendInfo> appendAsFollower(ByteBuffer batches) {
        return onOwner(() -> log.appendAsFollower(batches));
    }

    @Override
    public Future<Void> truncateTo(long offset) {
        return onOwner(() -> {
            log.truncateTo(offset);
            return null;
        });
    }

    @Override
    public Future<Void> truncateFullyAndStartAt(long offset) {
        return onOwner(() -> {
            log.truncateFullyAndStartAt(offset);
            return null;
        });
    }

    @Override
    public Future<Void> advanceLogStartOffset(long offset) {
        return onOwner(() -> {
            log.advanceLogStartOffset(offset);
            return null;
        });
    }

    @Override
    public long logStartOffset() {
        return log.logStartOffset();
    }

    @Override
    public Future<Void> updateHighWatermark(long highWatermark) {
        return onOwner(() -> {
            log.updateHighWatermark(highWatermark);
            return null;
        });
    }

    @Override
    public long logEndOffset() {
        return log.logEndOffset();
    }

    @Override
    public long highWatermark() {
        return log.highWatermark();
    }

    @Override
    public int latestEpoch() {
        return log.leaderEpochCache().latestEpoch();
    }

    @Override
    public EpochEndOffset endOffsetFor(int epoch) {
        return log.leaderEpochCache().endOffsetFor(epoch);
    }
}
