package io.spate.log;

import java.nio.file.Path;

/**
 * An I/O operation on a partition's files failed. The message names the partition, the file and the
 * operation; the cause is the underlying {@link java.io.IOException}.
 *
 * <p>The broker maps it to {@code KAFKA_STORAGE_ERROR}. A {@link PartitionLog} that threw it for a write
 * is offline: it throws the same exception for every later write instead of half-working.
 */
public final class LogStorageException extends RuntimeException {
    private final String partition;
    private final Path path;

    public LogStorageException(String partition, Path path, String operation, Throwable cause) {
        super("storage error on partition " + partition + " (" + path + "): " + operation + " failed: " + cause, cause);
        this.partition = partition;
        this.path = path;
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
