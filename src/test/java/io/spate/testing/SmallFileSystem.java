package io.spate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few MiB mounted on a fresh directory for one test, so the test can fill it to the last
 * byte ({@link #fill()}) and give the space back ({@link #free()}) — a real ENOSPC from the kernel, no
 * stand-in. Mounting needs root (CI runs as root); elsewhere the test is skipped with that reason.
 * {@link #close()} unmounts (lazily, so a file still open in the test does not keep it mounted) and
 * removes the directory.
 */
public final class SmallFileSystem implements AutoCloseable {
    private final Path dir;
    private final Path filler;

    private SmallFileSystem(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a tmpfs of {@code mib} MiB on a new directory under {@code parent}. */
    public static SmallFileSystem mount(Path parent, int mib) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(parent, "tmpfs");
        int exit = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString()));
        if (exit != 0) {
            Files.deleteIfExists(dir);
        }
        Assumptions.assumeTrue(exit == 0, "mounting a tmpfs needs root (CI runs as root)");
        return new SmallFileSystem(dir);
    }

    /** The mount point. */
    public Path dir() {
        return dir;
    }

    /** Writes a filler file until the file system has no byte left (the last write fails with ENOSPC). */
    public void fill() throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left on device")) {
                throw e;
            }
        }
        // the stream's buffer may have held a partial chunk: write single bytes to the very last one
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left on device")) {
                throw e;
            }
        }
    }

    /** Deletes the filler: the space comes back. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("umount", "-l", dir.toString()));
        Files.deleteIfExists(dir);
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
