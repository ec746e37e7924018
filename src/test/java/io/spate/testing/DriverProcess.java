package io.spate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test JVM's handle on a {@link PartitionDriver} running behind a command prefix (inside a network
 * namespace): sends commands, matches the JSON answers by id. Every call is bounded.
 */
public final class DriverProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final Writer in;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private DriverProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts a driver behind {@code prefix}, its stderr in {@code target/node-logs/driver-<name>.log}; waits for it. */
    public static DriverProcess start(String name, List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", classPath(), PartitionDriver.class.getName()));
        try {
            Path logs = Path.of("target", "node-logs");
            Files.createDirectories(logs);
            Process p = new ProcessBuilder(cmd).redirectError(logs.resolve("driver-" + name + ".log").toFile()).start();
            DriverProcess d = new DriverProcess(name, p);
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread reader = new Thread(() -> d.readAnswers(ready), "driver-" + name);
            reader.setDaemon(true);
            reader.start();
            try {
                ready.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw new IllegalStateException("driver " + name + " did not start: " + cmd, e);
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test classes and their dependencies: failsafe's real class path (its own is a manifest-only jar). */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private void readAnswers(CompletableFuture<Void> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode answer;
                try {
                    answer = JSON.readTree(line);
                } catch (IOException notJson) {
                    continue;
                }
                if (answer.has("ready")) {
                    ready.complete(null);
                    continue;
                }
                CompletableFuture<JsonNode> f = pending.remove(answer.path("id").asText());
                if (f != null) {
                    f.complete(answer);
                }
            }
        } catch (IOException ignored) {
            // the driver is gone
        }
        IllegalStateException gone = new IllegalStateException("driver " + name + " exited");
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    /** Sends {@code command} (words joined by spaces); the answer arrives later. */
    public CompletableFuture<JsonNode> send(Object... command) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        StringBuilder line = new StringBuilder(id);
        for (Object w : command) {
            line.append(' ').append(w);
        }
        try {
            synchronized (in) {
                in.write(line.append('\n').toString());
                in.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Sends and waits at most {@code timeout} for the answer. */
    public JsonNode call(Duration timeout, Object... command) {
        try {
            return send(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("driver " + name + ": no answer to " + List.of(command) + " within " + timeout, e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
