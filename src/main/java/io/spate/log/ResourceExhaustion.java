package io.spate.log;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.List;

/**
 * Tells an I/O failure for lack of a resource that comes back by itself — space on the file system
 * (ENOSPC, EDQUOT) or file descriptors (EMFILE, ENFILE) — from real damage (EIO, a failed fsync, a
 * file that vanished).
 *
 * <p>Java gives no errno: the JDK puts the C library's {@code strerror} text in the exception's
 * message (a {@link FileSystemException}'s reason), which on Linux and macOS is the fixed English
 * text matched here. An operation that failed this way and was rolled back may simply be tried again
 * later; one that failed otherwise takes the log offline.
 */
final class ResourceExhaustion {
    private static final List<String> MARKERS = List.of(
            "No space left on device",  // ENOSPC
            "Disk quota exceeded",      // EDQUOT
            "Too many open files");     // EMFILE, and ENFILE's "Too many open files in system"

    private ResourceExhaustion() {
    }

    /** Did {@code e} itself (not a cause further down) fail for lack of space or descriptors? */
    static boolean isCause(IOException e) {
        String text = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        if (text == null) {
            return false;
        }
        for (String marker : MARKERS) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
