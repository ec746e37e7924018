package io.spate.cli;

import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, for a command that runs until it is stopped
 * ({@code spate consume}). While {@link #watch watched}, the first of these signals does not end the
 * JVM: it calls the command back, which finishes its work (flushes stdout, commits, leaves its
 * group), prints its summary and exits 0, as docs/cli.md says. The JVM's own handlers are put back
 * at that first signal, so a second one ends the process at once (exit 130, 143 for SIGTERM) — the
 * way out of a stop that hangs — and when the watch is closed.
 *
 * <p>{@link #ofProcess()} is the {@code spate} process's own ({@link CliIo#system()}); in-process
 * runs (tests) get {@link #NONE} or one they trigger themselves.
 */
public interface StopSignals {
    /** Never asks to stop: for in-process runs, which must not take the JVM's signals. */
    StopSignals NONE = onStop -> () -> { };

    /**
     * Until the returned watch is closed, a stop request calls {@code onStop} (at most once, on
     * another thread, with the signal's name, e.g. {@code SIGINT}) instead of ending the process.
     */
    Watch watch(Consumer<String> onStop);

    /** A watch in place; {@link #close()} ends it (idempotent). */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** SIGINT and SIGTERM of this JVM, see above. */
    static StopSignals ofProcess() {
        return ProcessStopSignals.INSTANCE;
    }
}
