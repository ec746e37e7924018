package io.spate.broker.core;

import io.spate.log.CleanerPass;
import io.spate.log.CleanerStats;
import io.spate.log.LogStorageException;
import io.spate.log.PartitionLog;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The file work of one {@link PartitionWriter} that runs on a worker, begun and finished on the
 * writer's context: the partition checkpoint and a compaction pass. Each runs only while the writer
 * is open ({@code open}); a failure that leaves the log broken fails the partition ({@code fail}),
 * one that leaves it whole only fails the Future.
 */
final class PartitionFileWork {
    private final LoopContext context;
    private final PartitionLog log;
    private final BooleanSupplier open;
    private final Consumer<Throwable> fail;

    PartitionFileWork(LoopContext context, PartitionLog log, BooleanSupplier open, Consumer<Throwable> fail) {
        this.context = context;
        this.log = log;
        this.open = open;
        this.fail = fail;
    }

    /**
     * Writes the partition checkpoint (recovery point, high watermark, log start) on a worker, so a
     * crash later only rescans what was appended since. A checkpoint that cannot be written (a full
     * disk) fails the Future but leaves the partition as it is: the old files stay, and the next
     * interval tries again.
     */
    Future<Void> checkpoint() {
        Promise<Void> done = context.promise();
        context.execute(() -> {
            if (!open.getAsBoolean()) {
                done.complete();
                return;
            }
            context.executeBlocking(() -> {
                log.checkpoint();
                return null;
            }, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    done.complete();
                    return;
                }
                if (!(ar.cause() instanceof LogStorageException e && e.retriable())) {
                    fail.accept(ar.cause());
                }
                done.fail(ar.cause());
            });
        });
        return done.future();
    }

    /**
     * One compaction pass ({@link CleanerPass}): snapshot on the writer's context, key map and cleaned
     * copies on a worker, swap back on the context. NOTHING when the topic is not compacted, the writer
     * is not open, or a pass is already running. A failed swap takes the partition offline; a pass that
     * failed on its worker (say, retention closed a segment it read) only fails the Future.
     */
    Future<CleanerStats> clean() {
        Promise<CleanerStats> done = context.promise();
        context.execute(() -> {
            CleanerPass pass = open.getAsBoolean() ? log.prepareCleaning(CleanerPass.DEFAULT_MAX_KEYS) : null;
            if (pass == null) {
                done.complete(CleanerStats.NOTHING);
                return;
            }
            context.executeBlocking(() -> {
                pass.run();
                return null;
            }, false).onComplete(ar -> {
                try {
                    done.complete(log.completeCleaning(pass));
                } catch (RuntimeException e) {
                    if (log.isOffline()) {
                        fail.accept(e);
                    }
                    done.fail(e);
                }
            });
        });
        return done.future();
    }
}
