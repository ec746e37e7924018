package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link LogState} of one {@link PartitionLog} and its first storage failure, with one transition
 * method per allowed move (see {@link LogState}); a wrong move throws {@link IllegalStateException}.
 *
 * <p>Thread-safe: a flushing worker can take the log offline while the owner works on it.
 */
final class LogLifecycle {
    private final String partition;
    private final AtomicReference<LogState> state = new AtomicReference<>(LogState.OPEN);
    private final AtomicReference<LogStorageException> failure = new AtomicReference<>();

    LogLifecycle(String partition) {
        this.partition = partition;
    }

    /** A lifecycle that starts UNLOADABLE with {@code failure}: the log's files failed the load. */
    static LogLifecycle unloadable(String partition, LogStorageException failure) {
        LogLifecycle l = new LogLifecycle(partition);
        l.failure.set(failure);
        l.state.set(LogState.UNLOADABLE);
        return l;
    }

    LogState state() {
        return state.get();
    }

    /** The first storage failure, or null. */
    LogStorageException failure() {
        return failure.get();
    }

    /** For writes: throws the stored failure if offline, IllegalStateException if closed or deleted. */
    void ensureWritable() {
        LogState s = state.get();
        if (s == LogState.OFFLINE || s == LogState.UNLOADABLE) {
            throw failure.get();
        }
        if (s != LogState.OPEN) {
            throw new IllegalStateException("log " + partition + " is " + s);
        }
    }

    /** For reads: an offline log still serves what it can; an unloadable, closed or deleted one does not. */
    void ensureReadable() {
        LogState s = state.get();
        if (s == LogState.UNLOADABLE) {
            throw failure.get();
        }
        if (s == LogState.CLOSED || s == LogState.DELETED) {
            throw new IllegalStateException("log " + partition + " is " + s);
        }
    }

    /**
     * OPEN → OFFLINE on the first storage failure (later ones keep the first). Returns the exception for
     * this failure, for the caller to throw.
     */
    LogStorageException transitionToOffline(String operation, Path path, IOException cause) {
        LogStorageException e = new LogStorageException(partition, path, operation, cause);
        if (failure.compareAndSet(null, e)) {
            state.compareAndSet(LogState.OPEN, LogState.OFFLINE);
        }
        return e;
    }

    /**
     * A write ({@code operation}) failed with {@code cause} and was rolled back: for lack of space or
     * file descriptors ({@link ResourceExhaustion}) the log stays as it is (OPEN) and the exception
     * returned is {@link LogStorageException#retriable() retriable}; any other cause takes it OFFLINE as
     * {@link #transitionToOffline} does. Returns the exception for the caller to throw.
     */
    LogStorageException failedWrite(String operation, Path path, IOException cause) {
        if (ResourceExhaustion.isCause(cause)) {
            return new LogStorageException(partition, path, operation, cause, true);
        }
        return transitionToOffline(operation, path, cause);
    }

    /** OPEN | OFFLINE | UNLOADABLE → CLOSED. Returns false if already closed or deleted (close is idempotent). */
    boolean transitionToClosed() {
        while (true) {
            LogState current = state.get();
            if (current == LogState.CLOSED || current == LogState.DELETED) {
                return false;
            }
            if (state.compareAndSet(current, LogState.CLOSED)) {
                return true;
            }
        }
    }

    /** CLOSED → DELETED (the log is closed first). */
    void transitionToDeleted() {
        LogState current = state.get();
        if (!current.canTransitionTo(LogState.DELETED) || !state.compareAndSet(current, LogState.DELETED)) {
            throw new IllegalStateException("log " + partition + " cannot go from " + current + " to DELETED");
        }
    }
}
