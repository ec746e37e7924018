package io.spate.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Small text files replaced atomically: the new content goes to {@code <name>.tmp}, is fsynced, renamed
 * over the old file, and the directory is fsynced, so a crash leaves either the old or the new file,
 * never a mix. Also the directory fsync used when segment files are created.
 */
final class CheckpointFile {
    static final String TMP_SUFFIX = ".tmp";

    private CheckpointFile() {
    }

    /** Atomically replaces {@code target} with {@code lines}, each ended by '\n'. */
    static void write(Path target, List<String> lines) throws IOException {
        Path tmp = Path.of(target + TMP_SUFFIX);
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParent());
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
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
