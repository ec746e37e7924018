package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The offsets of a partition that are not derivable from its segment files, persisted in
 * {@code <partition dir>/partition.checkpoint}, a text file replaced atomically:
 * <pre>
 * 0                        format version
 * recovery-point N         every offset below N is known to be fsynced
 * high-watermark N         the last high watermark the broker set
 * log-start-offset N       offsets below it are deleted (retention), even where a segment still holds them
 * </pre>
 * A file that is missing or does not parse is treated as absent: the log then recovers from its first
 * segment and starts with the high watermark at the log start, which loses nothing on disk.
 */
public record PartitionCheckpoint(long recoveryPoint, long highWatermark, long logStartOffset) {
    public static final String FILE_NAME = "partition.checkpoint";
    static final int VERSION = 0;
    private static final String RECOVERY_POINT = "recovery-point";
    private static final String HIGH_WATERMARK = "high-watermark";
    private static final String LOG_START_OFFSET = "log-start-offset";

    /** Writes {@code dir/partition.checkpoint} atomically (tmp file, fsync, rename, directory fsync). */
    public void write(Path dir) throws IOException {
        CheckpointFile.write(dir.resolve(FILE_NAME), List.of(Integer.toString(VERSION),
                RECOVERY_POINT + " " + recoveryPoint, HIGH_WATERMARK + " " + highWatermark,
                LOG_START_OFFSET + " " + logStartOffset));
    }

    /** Reads {@code dir/partition.checkpoint}; empty if it is missing or malformed. */
    public static Optional<PartitionCheckpoint> read(Path dir) throws IOException {
        Optional<List<String>> lines = CheckpointFile.read(dir.resolve(FILE_NAME));
        if (lines.isEmpty() || lines.get().size() != 4 || !lines.get().get(0).trim().equals(Integer.toString(VERSION))) {
            return Optional.empty();
        }
        try {
            long rp = value(lines.get().get(1), RECOVERY_POINT);
            long hw = value(lines.get().get(2), HIGH_WATERMARK);
            long ls = value(lines.get().get(3), LOG_START_OFFSET);
            return rp < 0 || hw < 0 || ls < 0 ? Optional.empty() : Optional.of(new PartitionCheckpoint(rp, hw, ls));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static long value(String line, String key) {
        String[] parts = line.trim().split(" ");
        if (parts.length != 2 || !parts[0].equals(key)) {
            throw new IllegalArgumentException("expected '" + key + " <offset>', found '" + line + "'");
        }
        return Long.parseLong(parts[1]);
    }
}
