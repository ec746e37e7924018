package io.spate.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small files replaced atomically: the new content goes to {@code <name>.tmp}, is fsynced, renamed
 * over the old file, and the directory is fsynced, so a crash leaves either the old or the new
 * file, never a mix. If writing fails, the old file is left as it was and the tmp file removed.
 * Blocking: call it on a worker thread.
 */
public final class AtomicFile {
    public static final String TMP_SUFFIX = ".tmp";

    private AtomicFile() {
    }

    /** Atomically replaces {@code target} with {@code bytes}, creating its directory if needed. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Path.of(target + TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the old file is untouched; a half-written tmp file would only hold space on a full disk
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        fsyncDirectory(target.getParent());
    }

    /** fsyncs a directory, making file creations, renames and deletions in it durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
