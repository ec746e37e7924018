package io.spate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node as a separate process: {@code java -jar target/spate.jar} on loopback with an ephemeral
 * port, for the crash tests that need a real {@code kill -9}. Waits (bounded) for the ready line.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("spate ready (\\d+) listening on ([^:]+):(\\d+)");
    /** The ready line's tail when the node runs a Kafka listener (SpateMain): its advertised address. */
    private static final Pattern KAFKA = Pattern.compile(", Kafka protocol on (\\S+):(\\d+)");
    /** Every node started and not closed yet: killed when the test JVM exits, so none outlives it. */
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        // runs on a normal exit and on SIGTERM (how surefire/failsafe stop a fork that overran);
        // a SIGKILLed test JVM cannot clean up: `pgrep -af spate.jar` finds what is left then
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
                "node-process-reaper"));
    }

    /** Where every node's output goes, one file per data dir (kept after the test for a post-mortem). */
    private static final Path LOGS = Path.of("target", "node-logs");
    private static final int TAIL_LINES = 60;

    private final Process process;
    private final String host;
    private final int port;
    private final String kafkaAddress;
    private final Path log;
    private final Deque<String> tail;

    private NodeProcess(Process process, String host, int port, String kafkaAddress, Path log, Deque<String> tail) {
        this.process = process;
        this.host = host;
        this.port = port;
        this.kafkaAddress = kafkaAddress;
        this.log = log;
        this.tail = tail;
    }

    /** The fat jar under test: the failsafe property, else target/spate.jar. */
    public static Path jar() {
        return Path.of(System.getProperty("spate.jar", "target/spate.jar"));
    }

    /**
     * Starts a node on {@code dataDir} with {@code sets} as {@code --set} overrides and waits (60 s at
     * most) for its ready line. Its output is appended to {@code target/node-logs/<parent>-<dir>.log}.
     */
    public static NodeProcess start(Path dataDir, String... sets) {
        return startWithHeap("512m", dataDir, sets);
    }

    /** {@link #start} with {@code -Xmx<maxHeap>}. */
    public static NodeProcess startWithHeap(String maxHeap, Path dataDir, String... sets) {
        return startAt(List.of(), "127.0.0.1", maxHeap, dataDir, sets);
    }

    /**
     * {@link #startWithHeap} with the native listener on {@code host}, the command run behind
     * {@code prefix} (e.g. {@code ip netns exec <ns>}, which execs the JVM in place: the process
     * is the node's, so {@link #kill9} still kills the node).
     */
    public static NodeProcess startAt(List<String> prefix, String host, String maxHeap, Path dataDir, String... sets) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap,
                "-jar", jar().toString(),
                "--set", "listener.host=" + host, "--set", "listener.port=0", "--set", "kafka.listener.host=" + host,
                "--set", "kafka.listener.port=0", "--set", "data.dir=" + dataDir));
        for (String s : sets) {
            cmd.add("--set");
            cmd.add(s);
        }
        Process started = null;
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(dataDir.getParent().getFileName() + "-" + dataDir.getFileName() + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            started = p;
            STARTED.add(p);
            CompletableFuture<String> ready = new CompletableFuture<>();
            Deque<String> tail = new ArrayDeque<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                             StandardOpenOption.APPEND)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        out.write(line);
                        out.write('\n');
                        out.flush();
                        synchronized (tail) {
                            if (tail.size() == TAIL_LINES) {
                                tail.removeFirst();
                            }
                            tail.addLast(line);
                        }
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            ready.complete(line);
                        }
                    }
                } catch (IOException ignored) {
                    // process gone
                }
                ready.completeExceptionally(new IllegalStateException("node exited before it was ready; its output: " + log));
            }, "node-output");
            reader.setDaemon(true);
            reader.start();
            String line = ready.get(60, TimeUnit.SECONDS);
            Matcher r = READY.matcher(line);
            Matcher k = KAFKA.matcher(line);
            if (!r.find()) {
                throw new IllegalStateException("not a ready line: " + line);
            }
            return new NodeProcess(p, host, Integer.parseInt(r.group(3)), k.find() ? k.group(1) + ":" + k.group(2) : null,
                    log, tail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            if (started != null) { // not ready in time: it must not linger
                STARTED.remove(started);
                started.destroyForcibly();
            }
            throw new IllegalStateException("node did not become ready", e);
        }
    }

    /** The last lines the node printed, and the file that has all of them: for failure messages. */
    public String tail() {
        synchronized (tail) {
            return "--- last " + tail.size() + " lines of " + log + "\n" + String.join("\n", tail);
        }
    }

    public int port() {
        return port;
    }

    /** {@code host:port} of the native listener. */
    public String address() {
        return host + ":" + port;
    }

    /** {@code host:port} of the Kafka listener as the node advertises it (its ready line), null when it runs none. */
    public String kafkaAddress() {
        return kafkaAddress;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Sends a signal by name with the system's {@code kill}: {@code STOP} freezes the node (it keeps
     * its sockets but answers nothing, like a machine that hangs), {@code CONT} thaws it.
     */
    public void signal(String name) throws java.io.IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits up to {@code timeoutMs} for the process to end by itself: its exit status, or null if it still runs. */
    public Integer awaitExit(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** SIGTERM and wait for the clean stop; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        STARTED.remove(process);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
