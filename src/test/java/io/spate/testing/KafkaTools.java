package io.spate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Apache Kafka's own command-line tools (the main classes its {@code bin/*.sh} wrappers run, e.g.
 * {@code org.apache.kafka.tools.TopicCommand} for {@code kafka-topics.sh}) in a child JVM on the jars
 * of the Kafka distribution {@code scripts/ci/fetch-kafka.sh} caches. The cache is {@code
 * -Dkafka.tools.cache}, else {@code $KAFKA_CACHE}, else {@code /tmp/spate-bench-kafka-4.1.1} (the one
 * {@code compare-kafka.sh} uses); when it is not complete the first call runs the script (bounded by
 * {@link #FETCH_TIMEOUT}), with the build's Maven and local repository when failsafe passes them.
 * Every run is bounded; a run past its time is killed and reported with what it printed.
 */
public final class KafkaTools {
    /** The Kafka version whose tools the tests run (the kafka-clients test dependency's). */
    public static final String VERSION = "4.1.1";
    /** System property naming the cache directory. */
    public static final String CACHE_PROPERTY = "kafka.tools.cache";
    /** The longest a missing cache may take to fetch from Maven Central. */
    public static final Duration FETCH_TIMEOUT = Duration.ofMinutes(10);
    private static final Path FETCH_SCRIPT = Path.of("scripts", "ci", "fetch-kafka.sh");
    private static Path lib;

    private KafkaTools() {
    }

    /** What a tool did: its exit code and everything it printed. */
    public record Result(int exitCode, String out, String err) {
        /** stdout then stderr, for assertion messages. */
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }

        /** The lines of stdout. */
        public List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs {@code mainClass args} with no input, for at most {@code timeout}. */
    public static Result run(Duration timeout, String mainClass, String... args) {
        return runWithInput(timeout, "", mainClass, args);
    }

    /**
     * Runs {@code mainClass args} with {@code stdin} as its input (closed after), for at most {@code
     * timeout}; throws when it does not exit in time (after killing it).
     */
    public static Result runWithInput(Duration timeout, String stdin, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", lib() + "/*", mainClass));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = drain(p.getInputStream(), out, mainClass + "-out");
        Thread errReader = drain(p.getErrorStream(), err, mainClass + "-err");
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the tool exited without reading its input: its exit code and output say why
        }
        try {
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            outReader.join(10_000);
            errReader.join(10_000);
            Result r = new Result(exited ? p.exitValue() : -1, text(out), text(err));
            if (!exited) {
                throw new IllegalStateException(String.join(" ", cmd) + " did not exit within " + timeout + "\n"
                        + r.describe());
            }
            return r;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + mainClass, e);
        }
    }

    /** The cache's lib directory, fetched first when it is not complete. */
    public static synchronized Path lib() {
        if (lib == null) {
            Path cache = cacheDir();
            if (!Files.exists(cache.resolve("lib").resolve(".complete-" + VERSION))) {
                fetch(cache);
            }
            lib = cache.resolve("lib");
        }
        return lib;
    }

    private static Path cacheDir() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("KAFKA_CACHE");
        }
        return Path.of(configured == null || configured.isBlank() ? "/tmp/spate-bench-kafka-" + VERSION : configured);
    }

    private static void fetch(Path cache) {
        if (!Files.isExecutable(FETCH_SCRIPT)) {
            throw new IllegalStateException("Kafka's tools are not in " + cache + " and " + FETCH_SCRIPT.toAbsolutePath()
                    + " (run from the project directory) is missing");
        }
        ProcessBuilder pb = new ProcessBuilder(FETCH_SCRIPT.toString(), cache.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("KAFKA_VERSION", VERSION);
        String mavenHome = buildProperty("maven.home");
        if (mavenHome != null) {
            env.put("MVN", Path.of(mavenHome, "bin", "mvn").toString());
        }
        String repo = buildProperty("maven.repo.local");
        if (repo != null) {
            env.put("MVN_ARGS", "-Dmaven.repo.local=" + repo);
        }
        try {
            Path log = Files.createTempFile("fetch-kafka", ".log");
            try {
                Process p = pb.redirectOutput(log.toFile()).start();
                boolean exited = p.waitFor(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!exited) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                String output = Files.readString(log);
                if (!exited || p.exitValue() != 0) {
                    throw new IllegalStateException(FETCH_SCRIPT + " " + cache + (exited ? " failed" : " did not finish within "
                            + FETCH_TIMEOUT) + ":\n" + output);
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching Kafka", e);
        }
    }

    /** A system property failsafe set from the build, or null (unset, or run outside Maven). */
    private static String buildProperty(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.contains("${") ? null : value;
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to, String name) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
