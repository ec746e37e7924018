package io.spate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Lowers this JVM's soft limit of open files (RLIMIT_NOFILE, with {@code prlimit}) to about the
 * descriptors open now and takes the few numbers still free below it (opening {@code /dev/null}), so
 * that the next open fails with a real EMFILE ("Too many open files"); {@link #close()} gives them
 * back and puts the old limit back. Linux only (it reads {@code /proc/self/fd}); skipped elsewhere.
 *
 * <p>While squeezed, this JVM cannot start a process (that needs pipes), so the limit is put back by a
 * helper started beforehand, which waits on its stdin. Keep the squeeze short, and load the classes
 * the squeezed code needs before it (loading a class from a directory opens a file).
 */
public final class DescriptorSqueeze implements AutoCloseable {
    private final Process restorer;
    private final List<FileChannel> held = new ArrayList<>();

    private DescriptorSqueeze(Process restorer) {
        this.restorer = restorer;
    }

    public static DescriptorSqueeze squeeze() throws IOException, InterruptedException {
        Path fds = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(fds), "needs Linux's /proc/self/fd");
        String pid = Long.toString(ProcessHandle.current().pid());
        String soft = output(List.of("prlimit", "--pid", pid, "--nofile", "--noheadings", "--output=SOFT"));
        Assumptions.assumeTrue(soft != null, "needs prlimit (util-linux)");
        Process restorer = new ProcessBuilder("sh", "-c", "read line; exec prlimit --pid " + pid + " --nofile="
                + soft.trim() + ":").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<Integer> open;
        try (Stream<Path> s = Files.list(fds)) {
            open = s.map(p -> Integer.parseInt(p.getFileName().toString())).collect(Collectors.toSet());
        }
        int lowestFree = 0;
        while (open.contains(lowestFree)) {
            lowestFree++;
        }
        if (output(List.of("prlimit", "--pid", pid, "--nofile=" + lowestFree + ":")) == null) {
            restorer.destroy();
            throw new IOException("prlimit could not lower the open-file limit");
        }
        DescriptorSqueeze squeeze = new DescriptorSqueeze(restorer);
        squeeze.takeTheRest();
        return squeeze;
    }

    private void takeTheRest() throws IOException {
        try {
            while (held.size() < 10_000) {
                held.add(FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ));
            }
        } catch (FileSystemException e) {
            if (e.getReason() == null || !e.getReason().contains("Too many open files")) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (FileChannel ch : held) {
            ch.close();
        }
        OutputStream in = restorer.getOutputStream();
        in.write('\n');
        in.flush();
        if (!restorer.waitFor(10, TimeUnit.SECONDS) || restorer.exitValue() != 0) {
            restorer.destroyForcibly();
            throw new IOException("could not restore the open-file limit");
        }
    }

    /** The command's stdout, or null if it failed. */
    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? out : null;
    }
}
