package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes a partition log's two checkpoint files: {@code partition.checkpoint} from the current
 * {@link LogOffsets} ({@link PartitionCheckpoint}) and {@code leader-epoch-checkpoint} from the
 * {@link LeaderEpochCache} ({@link LeaderEpochCheckpointFile}), each atomically (tmp file, fsync,
 * rename, directory fsync).
 *
 * <p>Threading: a worker writes checkpoints while the owner works, and the owner writes one itself when
 * a truncation lowers the offsets ({@link #changeAndWrite}). Both hold one lock from reading the offsets
 * to the last rename, so a worker can never write offsets it read before a truncation after the
 * truncation's own checkpoint: the files never claim a recovery point above data that is gone.
 */
final class LogCheckpointer {
    /** A change of the log, made under the checkpoint lock before the files are written. */
    @FunctionalInterface
    interface Change {
        void apply() throws IOException;
    }

    private final Path dir;
    private final Supplier<LogOffsets> offsets;
    private final LeaderEpochCache epochs;
    private final Object lock = new Object();

    /** @param offsets the log's current offsets, read under the lock */
    LogCheckpointer(Path dir, Supplier<LogOffsets> offsets, LeaderEpochCache epochs) {
        this.dir = dir;
        this.offsets = offsets;
        this.epochs = epochs;
    }

    /** Writes both files from the offsets and epochs now. Any thread. */
    void write() throws IOException {
        synchronized (lock) {
            writeLocked();
        }
    }

    /**
     * Owner: applies {@code change}, then writes both files, all under the lock. If the change fails,
     * nothing is written.
     */
    void changeAndWrite(Change change) throws IOException {
        synchronized (lock) {
            change.apply();
            writeLocked();
        }
    }

    /** {@link #changeAndWrite}, but if the files cannot be written, {@code undo} runs before the lock is released. */
    void changeAndWriteOrUndo(Change change, Runnable undo) throws IOException {
        synchronized (lock) {
            change.apply();
            try {
                writeLocked();
            } catch (IOException | RuntimeException e) {
                undo.run();
                throw e;
            }
        }
    }

    private void writeLocked() throws IOException {
        offsets.get().checkpoint().write(dir);
        LeaderEpochCheckpointFile.write(dir, epochs.entries());
    }
}
