package io.spate.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The streams, environment and stop signals a CLI run uses, so that tests can run {@link SpateCli}
 * in-process with captured output. Commands write data (tables, JSON, consumed values) to
 * {@code out} and diagnostics (errors, progress of perf commands under --json) to {@code err}; they
 * flush {@code out} before returning. {@code stopSignals} is how a command that runs until stopped
 * learns of Ctrl-C and SIGTERM.
 */
public record CliIo(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, StopSignals stopSignals) {
    private static final int STDOUT_BUFFER_BYTES = 1 << 16;

    /** A run that takes no signals (in-process). */
    public CliIo(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this(in, out, err, env, StopSignals.NONE);
    }

    /**
     * The process's own streams, UTF-8, with stdout buffered (consume and dump-log print many lines;
     * commands flush it) and stderr flushed on every line; SIGINT and SIGTERM.
     */
    public static CliIo system() {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out),
                STDOUT_BUFFER_BYTES), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        return new CliIo(new FileInputStream(FileDescriptor.in), out, err, System.getenv(), StopSignals.ofProcess());
    }
}
