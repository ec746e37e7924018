package io.spate.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka program (a Streams app, a Connect worker) in a JVM of its own, so that a test can kill it
 * -9 or stop it as an operator does: its standard output is kept line by line, its standard error
 * goes to {@code target/node-logs/<name>.log}. Every wait is bounded.
 */
final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readOutput, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The test classes and their dependencies: failsafe's real class path (its own is a manifest-only jar). */
    static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** Starts {@code mainClass} with {@code args} on {@code classPath}, with a heap of at most 256 MiB. */
    static ChildJvm start(String name, String classPath, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        try {
            Path logs = Path.of("target", "node-logs");
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            return new ChildJvm(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + cmd, e);
        }
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Whether the program printed exactly this line so far. */
    boolean printed(String line) {
        return lines.contains(line);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the program gets no chance to close anything. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 60 s; returns whether it exited on its own. */
    boolean stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(60, TimeUnit.SECONDS)) {
            return true;
        }
        kill9();
        return false;
    }

    /** The last lines of its standard error, for failure messages. */
    String tail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return name + " (" + log + "), last lines:\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return name + ": no log (" + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
