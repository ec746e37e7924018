package io.spate.log;

import io.spate.common.CorruptFileException;
import java.nio.file.Path;

/**
 * A segment file holds bytes that are not what the log wrote: a batch that fails its checks (framing,
 * CRC, offsets out of order or outside the segment, offsets that leave a gap in a log that was never
 * compacted, an index entry that disagrees with its batch), anywhere but in a torn tail of the active
 * segment. It names the file, the byte position and the reason.
 *
 * <p>An {@link IOException} so that it travels as the cause of a {@link LogStorageException}, which the
 * broker answers with {@code KAFKA_STORAGE_ERROR}: the partition's files on this node cannot be trusted,
 * exactly as after a disk error, and the log is taken offline without deleting anything.
 */
public final class SegmentCorruptionException extends CorruptFileException {
    public SegmentCorruptionException(Path file, long position, String reason) {
        super(file, position, reason);
    }
}
