package io.spate.testing;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program that is not Java (kcat, python3, node) to completion, bounded: its stdin given whole,
 * its stdout returned as lines. A run that does not finish in time is killed; one that fails or times
 * out is an {@link AssertionError} that quotes the command, the exit code and the program's stderr.
 */
public final class ExternalCommand {
    private static final int STDERR_QUOTED = 4000;

    private ExternalCommand() {
    }

    /** Runs {@code command} with {@code stdin} (UTF-8) as its input; its stdout lines on exit code 0. */
    public static List<String> run(Duration timeout, String stdin, List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("external-command", ".out");
            err = Files.createTempFile("external-command", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + command.get(0)
                        + " (scripts/ci/install-tools.sh installs the external clients): " + e.getMessage(), e);
            }
            try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write(stdin);
            } catch (IOException e) {
                // the program exited without reading its input: its exit code and stderr tell why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(describe(command, "did not finish within " + timeout + ", killed", err));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(describe(command, "exited with " + process.exitValue(), err));
            }
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String describe(List<String> command, String what, Path err) throws IOException {
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        if (stderr.length() > STDERR_QUOTED) {
            stderr = "..." + stderr.substring(stderr.length() - STDERR_QUOTED);
        }
        return String.join(" ", command) + ": " + what + "; its stderr:\n" + stderr;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
