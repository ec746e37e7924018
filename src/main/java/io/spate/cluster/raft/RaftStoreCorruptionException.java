package io.spate.cluster.raft;

import io.spate.common.CorruptFileException;
import java.nio.file.Path;

/**
 * A file of the metadata quorum's store ({@code <data.dir>/meta/raft/}) holds bytes the store did not
 * write, anywhere but in a torn tail of the log: a record that fails its CRC with an intact record after
 * it, an index that does not follow, a term that goes backwards, a log that starts past the newest
 * snapshot. Nothing is cut or deleted when this is thrown: the node must not rejoin the quorum with a log
 * that silently lost entries it may have acknowledged. It names the file, the byte position and the
 * reason.
 */
public final class RaftStoreCorruptionException extends CorruptFileException {
    public RaftStoreCorruptionException(Path file, long position, String reason) {
        super(file, position, reason);
    }
}
