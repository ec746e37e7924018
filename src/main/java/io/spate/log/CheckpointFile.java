package io.spate.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Small text files replaced atomically: the new content goes to {@code <name>.tmp}, is fsynced, renamed
 * over the old file, and the directory is fsynced, so a crash leaves either the old or the new file,
 * never a mix. Also the directory fsync used when segment files are created.
 */
final class CheckpointFile {
    static final String TMP_SUFFIX = AtomicFile.TMP_SUFFIX;

    private CheckpointFile() {
    }

    /** Atomically replaces {@code target} with {@code lines}, each ended by '\n'. */
    static void write(Path target, List<String> lines) throws IOException {
        AtomicFile.write(target, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The file's lines, or empty if it does not exist. */
    static Optional<List<String>> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** fsyncs a directory, making file creations, renames and deletions in it durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        AtomicFile.fsyncDirectory(dir);
    }
}
