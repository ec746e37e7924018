package io.spate.cluster.raft;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of the metadata quorum's store ({@code <data.dir>/meta/raft/}) holds bytes the store did not
 * write, anywhere but in a torn tail of the log: a record that fails its CRC with an intact record after
 * it, an index that does not follow, a term that goes backwards, a log that starts past the newest
 * snapshot. Nothing is cut or deleted when this is thrown: the node must not rejoin the quorum with a log
 * that silently lost entries it may have acknowledged. It names the file, the byte position and the
 * reason.
 */
public final class RaftStoreCorruptionException extends IOException {
    private final Path file;
    private final long position;
    private final String reason;

    public RaftStoreCorruptionException(Path file, long position, String reason) {
        super(file + " is corrupt at byte position " + position + ": " + reason);
        this.file = file;
        this.position = position;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public long position() {
        return position;
    }

    public String reason() {
        return reason;
    }
}
