package io.spate.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a probe reads about the node's process from outside, by pid: resident memory
 * ({@code /proc/PID/status} VmRSS), open descriptors ({@code /proc/PID/fd}), CPU time
 * ({@code /proc/PID/stat} utime + stime) and Java heap use ({@code jcmd PID GC.heap_info}). Each
 * read answers -1 (or "n/a") when the process is gone or cannot be read, never throws. A pid of 0
 * or below means "no process to watch" (an in-process node): every read is then -1.
 */
record NodeStats(long pid) {
    /** Clock ticks per second of {@code /proc/PID/stat} times: USER_HZ, 100 on Linux. */
    static final int TICKS_PER_SECOND = 100;

    boolean alive() {
        return pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** Resident set in KiB. */
    long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    long fds() {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime in clock ticks. */
    long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The heap line of {@code jcmd PID GC.heap_info} ("... total NK, used MK ..."), at most 15 s. */
    String heapInfo() {
        if (pid <= 0) {
            return "n/a";
        }
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "jcmd did not answer in 15 s";
                }
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return out.lines().filter(l -> l.contains("used")).findFirst().map(String::strip)
                    .orElse("jcmd: " + out.strip().lines().findFirst().orElse("no output"));
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** One line: alive, RSS, fds. */
    String summary() {
        return String.format("alive=%s rss=%.1fMiB fds=%d", alive(), rssKib() / 1024.0, fds());
    }
}
