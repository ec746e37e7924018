package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Persists a {@link LeaderEpochCache} as {@code <partition dir>/leader-epoch-checkpoint}, in Kafka's
 * checkpoint text format, replaced atomically:
 * <pre>
 * 0                 format version
 * 2                 number of entries
 * 0 0               epoch start-offset, one entry a line, epochs increasing
 * 3 150
 * </pre>
 * A missing or malformed file reads as empty; the log then rebuilds the cache from its batches.
 */
final class LeaderEpochCheckpointFile {
    static final String FILE_NAME = "leader-epoch-checkpoint";
    static final int VERSION = 0;

    private LeaderEpochCheckpointFile() {
    }

    static void write(Path dir, List<EpochEntry> entries) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Integer.toString(VERSION));
        lines.add(Integer.toString(entries.size()));
        for (EpochEntry e : entries) {
            lines.add(e.epoch() + " " + e.startOffset());
        }
        CheckpointFile.write(dir.resolve(FILE_NAME), lines);
    }

    /** The entries, or empty if the file is missing or does not parse. */
    static Optional<List<EpochEntry>> read(Path dir) throws IOException {
        Optional<List<String>> lines = CheckpointFile.read(dir.resolve(FILE_NAME));
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> l = lines.get();
            if (l.size() < 2 || Integer.parseInt(l.get(0).trim()) != VERSION) {
                return Optional.empty();
            }
            int count = Integer.parseInt(l.get(1).trim());
            if (count < 0 || l.size() != count + 2) {
                return Optional.empty();
            }
            List<EpochEntry> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String[] parts = l.get(i + 2).trim().split(" ");
                if (parts.length != 2) {
                    return Optional.empty();
                }
                EpochEntry e = new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                if (e.epoch() < 0 || e.startOffset() < 0) {
                    return Optional.empty();
                }
                entries.add(e);
            }
            return Optional.of(entries);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
