package io.spate.log;

import java.util.Set;

/**
 * Lifecycle of a {@link PartitionLog}. Allowed transitions:
 * <pre>
 * OPEN    → OFFLINE   an I/O error: later writes throw the stored {@link LogStorageException}
 * OPEN    → CLOSED    close()
 * OFFLINE → CLOSED    close() (throws the stored failure after closing the files)
 * OPEN | OFFLINE | CLOSED → DELETED    delete()
 * </pre>
 */
enum LogState {
    OPEN, OFFLINE, CLOSED, DELETED;

    boolean canTransitionTo(LogState next) {
        return switch (this) {
            case OPEN -> Set.of(OFFLINE, CLOSED, DELETED).contains(next);
            case OFFLINE -> Set.of(CLOSED, DELETED).contains(next);
            case CLOSED -> next == DELETED;
            case DELETED -> false;
        };
    }
}
