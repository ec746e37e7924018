package io.spate.log;

import java.nio.file.Path;

/**
 * An I/O operation on a partition's files failed. The message names the partition, the file and the
 * operation; the cause is the underlying {@link java.io.IOException}.
 *
 * <p>The broker maps it to {@code KAFKA_STORAGE_ERROR}. Two kinds:
 * <ul>
 * <li>{@link #retriable()}: the operation failed for lack of space or file descriptors and was rolled
 * back (or never became visible), so the log is as it was before and stays open; the same operation
 * may succeed once space or descriptors come back. Also a checkpoint that could not be written.</li>
 * <li>otherwise: a {@link PartitionLog} that threw it for a write is offline: it throws the same
 * exception for every later write instead of half-working.</li>
 * </ul>
 */
public final class LogStorageException extends RuntimeException {
    private final String partition;
    private final Path path;
    private final boolean retriable;

    public LogStorageException(String partition, Path path, String operation, Throwable cause) {
        this(partition, path, operation, cause, false);
    }

    /** @param retriable the log is unchanged and open: the operation may be tried again later */
    public LogStorageException(String partition, Path path, String operation, Throwable cause, boolean retriable) {
        super("storage error on partition " + partition + " (" + path + "): " + operation + " failed: " + cause, cause);
        this.partition = partition;
        this.path = path;
        this.retriable = retriable;
    }

    /**
     * Did the operation fail without changing the log (lack of space or descriptors, rolled back; or a
     * checkpoint, whose old file stays), so that the log is still open and the same operation may be
     * tried again later?
     */
    public boolean retriable() {
        return retriable;
    }

    /** The partition as {@code <topic>-<partition>}. */
    public String partition() {
        return partition;
    }

    /** The file or directory the failed operation was on. */
    public Path path() {
        return path;
    }
}
