package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.CommittedOffset;
import io.spate.client.ConsumerGroupState;
import io.spate.client.GroupDescription;
import io.spate.client.SpateAdmin;
import io.spate.protocol.TopicPartition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Process-level: how the real {@code scripts/spate consume} (target/spate.jar, hence failsafe) ends
 * when its reader goes away (EPIPE) or it gets SIGINT or SIGTERM: exit 0 with
 * {@code Processed a total of N messages} on stderr, and with {@code --group} a commit of exactly
 * what it wrote out and a prompt LeaveGroup.
 */
@Timeout(180)
class ConsumeStopIT extends CliNodeTest {
    /** Far below the 15 s Ctrl-C used to take, far above what committing and leaving take. */
    private static final long STOP_BOUND_SECONDS = 10;
    private static final Path SCRIPT = Path.of("scripts", "spate");
    /** Each run's stderr, kept for a post-mortem. */
    private static final Path LOGS = Path.of("target", "consume-stop-it");

    private static SpateAdmin admin;

    @BeforeAll
    static void startAdmin() {
        admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(env.get(SpateCli.BOOTSTRAP_ENV)));
    }

    @AfterAll
    static void closeAdmin() {
        Blocking.await(admin.close(), Duration.ofSeconds(30));
    }

    @Test
    void closedStdoutCommitsOnlyTheRecordsWrittenBeforeIt() throws Exception {
        createTopicWith("piped", 3);
        try (SpateProcess consume = SpateProcess.start("consume", "piped", "--group", "piped", "--from-beginning")) {
            assertEquals(List.of("piped-0", "piped-1", "piped-2"), consume.readLines(3));
            consume.closeStdout(); // as `| head -3` does after its third line
            produce("piped", 3, 100); // handed out to the consumer, whose next write fails (EPIPE)

            assertTrue(consume.process.waitFor(60, TimeUnit.SECONDS), "ends when its stdout is closed");
            assertEquals(ExitCodes.OK, consume.process.exitValue(), consume.stderr());
            assertEquals(3, committed("piped"), "committed: exactly what was written out");
            assertTrue(consume.stderr().endsWith("Processed a total of 3 messages\n"), consume.stderr());
        }
    }

    @ParameterizedTest(name = "SIG{0}, group: {1}")
    @CsvSource({"INT, true", "TERM, true", "INT, false", "TERM, false"})
    void aStopSignalEndsItPromptlyWithExitZeroAndTheSummary(String signal, boolean inGroup) throws Exception {
        String topic = "stop-" + signal.toLowerCase() + (inGroup ? "-group" : "");
        createTopicWith(topic, 3);
        List<String> args = new ArrayList<>(List.of("consume", topic, "--from-beginning"));
        if (inGroup) {
            args.addAll(List.of("--group", topic));
        }
        try (SpateProcess consume = SpateProcess.start(args.toArray(String[]::new))) {
            assertEquals(List.of(topic + "-0", topic + "-1", topic + "-2"), consume.readLines(3));
            consume.signal(signal);

            assertTrue(consume.process.waitFor(STOP_BOUND_SECONDS, TimeUnit.SECONDS),
                    "still running " + STOP_BOUND_SECONDS + " s after SIG" + signal);
            assertEquals(ExitCodes.OK, consume.process.exitValue(), consume.stderr());
            assertTrue(consume.stderr().endsWith("Processed a total of 3 messages\n"), consume.stderr());
        }
        if (inGroup) {
            assertEquals(3, committed(topic), "committed: exactly what was written out");
            GroupDescription group = Blocking.await(admin.describeGroups(List.of(topic)), Duration.ofSeconds(30)).get(topic);
            // a member that did not leave would stay until its session timeout (45 s)
            assertEquals(ConsumerGroupState.EMPTY, group.state(), "it left the group: " + group);
        }
    }

    private static void createTopicWith(String topic, int records) {
        assertEquals(ExitCodes.OK, spate("topic", "create", topic, "--partitions", "1").exitCode());
        produce(topic, 0, records);
    }

    /** Records {@code <topic>-<from>} to {@code <topic>-<from + count - 1>}. */
    private static void produce(String topic, int from, int count) {
        StringBuilder input = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            input.append(topic).append('-').append(i).append('\n');
        }
        CliRun produce = spateWithInput(input.toString(), "produce", topic);
        assertEquals(ExitCodes.OK, produce.exitCode(), produce.toString());
    }

    /** The committed offset of the group named as its topic, in partition 0; -1 without one. */
    private static long committed(String groupAndTopic) {
        Map<TopicPartition, CommittedOffset> offsets = Blocking.await(admin.listGroupOffsets(groupAndTopic), Duration.ofSeconds(30));
        CommittedOffset c = offsets.get(new TopicPartition(groupAndTopic, 0));
        return c == null ? -1 : c.offset();
    }

    /** {@code scripts/spate} as a child process against the test's node; stdout is the test's to read. */
    private static final class SpateProcess implements AutoCloseable {
        final Process process;
        private final BufferedReader stdout;
        private final Path stderr;

        private SpateProcess(Process process, Path stderr) {
            this.process = process;
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.stderr = stderr;
        }

        static SpateProcess start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(
                    // a child inherits ignored signals (a background job's SIGINT is ignored): the test needs the real ones
                    "env", "--default-signal=INT,TERM",
                    SCRIPT.toString(), "--bootstrap", env.get(SpateCli.BOOTSTRAP_ENV)));
            cmd.addAll(List.of(args));
            Files.createDirectories(LOGS);
            Path err = Files.createTempFile(LOGS, "consume-", ".err");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            return new SpateProcess(p, err);
        }

        List<String> readLines(int n) throws IOException {
            List<String> lines = new ArrayList<>();
            while (lines.size() < n) {
                String line = stdout.readLine();
                if (line == null) {
                    throw new AssertionError("stdout ended after " + lines + "; stderr: " + stderr());
                }
                lines.add(line);
            }
            return lines;
        }

        /** Closes the reading end of its stdout: its next write fails with EPIPE. */
        void closeStdout() throws IOException {
            stdout.close();
        }

        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
        }

        String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(stderr unreadable: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
