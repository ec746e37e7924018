package io.spate.log;

import java.util.Set;

/**
 * Lifecycle of a {@link PartitionLog}. Allowed transitions:
 * <pre>
 * OPEN    → OFFLINE   an I/O error: later writes throw the stored {@link LogStorageException}
 * OPEN    → CLOSED    close()
 * OFFLINE → CLOSED    close() (throws the stored failure after closing the files)
 * OPEN | OFFLINE | CLOSED → DELETED    delete()
 * UNLOADABLE → CLOSED | DELETED   close(), delete(): no file was kept open, close throws nothing
 * </pre>
 * UNLOADABLE is only ever a first state: the load found damage it may not repair (see {@link LogLoader}),
 * so nothing is open; every read and write throws the stored {@link LogStorageException}.
 */
enum LogState {
    OPEN, OFFLINE, UNLOADABLE, CLOSED, DELETED;

    boolean canTransitionTo(LogState next) {
        return switch (this) {
            case OPEN -> Set.of(OFFLINE, CLOSED, DELETED).contains(next);
            case UNLOADABLE -> Set.of(CLOSED, DELETED).contains(next);
            case OFFLINE -> Set.of(CLOSED, DELETED).contains(next);
            case CLOSED -> next == DELETED;
            case DELETED -> false;
        };
    }
}
