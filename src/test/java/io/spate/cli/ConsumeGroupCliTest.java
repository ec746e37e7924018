package io.spate.cli;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code spate consume --group}: runs of one group continue where the previous one committed, and a
 * run commits exactly what it wrote out, also when its stdout is closed or it is stopped.
 */
@Timeout(60)
class ConsumeGroupCliTest extends CliNodeTest {
    /**
     * A run that printed records of one partition only still commits where it stands in the
     * others (where it started, or the first record it was handed and did not print), so the next
     * run — which starts at the latest offsets where nothing is committed — skips nothing.
     */
    @Test
    void aRunThatPrintedFromOnePartitionLeavesTheOthersWhereItStarted() {
        assertEquals(0, spate("topic", "create", "split-jobs", "--partitions", "2").exitCode());
        for (int p = 0; p < 2; p++) {
            StringBuilder input = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                input.append("p").append(p).append("-").append(i).append('\n');
            }
            assertEquals(0, spateWithInput(input.toString(), "produce", "split-jobs", "--partition", String.valueOf(p))
                    .exitCode());
        }
        CliRun first = spate("consume", "split-jobs", "--group", "splitters", "--from-beginning", "--max-messages", "4",
                "--timeout-ms", "20000");
        assertEquals(0, first.exitCode(), first.toString());
        CliRun second = spate("consume", "split-jobs", "--group", "splitters", "--max-messages", "16",
                "--timeout-ms", "20000");
        assertEquals(0, second.exitCode(), second.toString());
        List<String> all = new ArrayList<>(first.out().lines().toList());
        all.addAll(second.out().lines().toList());
        assertEquals(20, all.size(), first + "\n" + second);
        assertEquals(20, new HashSet<>(all).size(), "no record twice, none skipped: " + all);
    }

    @Test
    void twoRunsOfOneGroupReadDisjointRecords() {
        assertEquals(0, spate("topic", "create", "jobs", "--partitions", "2").exitCode());
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            input.append("job-").append(i).append('\n');
        }
        assertEquals(0, spateWithInput(input.toString(), "produce", "jobs").exitCode());

        CliRun first = spate("consume", "jobs", "--group", "workers", "--from-beginning", "--max-messages", "4",
                "--timeout-ms", "20000");
        assertEquals(0, first.exitCode(), first.toString());
        CliRun second = spate("consume", "jobs", "--group", "workers", "--max-messages", "6", "--timeout-ms", "20000");
        assertEquals(0, second.exitCode(), second.toString());

        List<String> a = first.out().lines().toList();
        List<String> b = second.out().lines().toList();
        assertEquals(4, a.size(), first.toString());
        assertEquals(6, b.size(), second.toString());
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        Set<String> want = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            want.add("job-" + i);
        }
        assertEquals(want, new HashSet<>(all), "disjoint and complete: " + all);
        assertTrue(second.err().contains("Processed a total of 6 messages"), second.err());
    }

    @Test
    void closedStdoutCommitsOnlyTheRecordsWrittenBeforeIt() throws Exception {
        assertEquals(0, spate("topic", "create", "piped", "--partitions", "1").exitCode());
        assertEquals(0, spateWithInput(lines(0, 3), "produce", "piped").exitCode());
        Stdout stdout = new Stdout(0, () -> { });
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = new CliIo(InputStream.nullInputStream(), new PrintStream(stdout, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> SpateCli.run(io, "consume", "piped", "--group", "head-3", "--from-beginning"));

        eventually("the consumer wrote the 3 records", () -> stdout.lines() == 3);
        stdout.close(); // the reader is gone, as `| head -3` after its third line
        assertEquals(0, spateWithInput(lines(3, 100), "produce", "piped").exitCode());

        // its next write fails; those 100 records were handed out to it, but never reached anyone
        assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertEquals(3, committedOffset("head-3", "piped", 0), "committed: exactly what was written out");
        assertEquals("Processed a total of 3 messages\n", err.toString(StandardCharsets.UTF_8));
        CliRun next = spate("consume", "piped", "--group", "head-3", "--max-messages", "1", "--timeout-ms", "20000");
        assertEquals("job-3\n", next.out(), next.toString());
    }

    @Test
    void aStopCommitsOnlyTheRecordsPrintedBeforeIt() {
        assertEquals(0, spate("topic", "create", "stopped", "--partitions", "1").exitCode());
        assertEquals(0, spateWithInput(lines(0, 100), "produce", "stopped").exitCode());
        AtomicReference<Consumer<String>> watcher = new AtomicReference<>();
        StopSignals signals = onStop -> {
            watcher.set(onStop);
            return () -> watcher.set(null);
        };
        // Ctrl-C while the third record is printed: the records handed out with it are not printed, nor committed
        Stdout stdout = new Stdout(3, () -> watcher.get().accept("SIGINT"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = new CliIo(InputStream.nullInputStream(), new PrintStream(stdout, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, signals);

        assertEquals(ExitCodes.OK, SpateCli.run(io, "consume", "stopped", "--group", "stopper", "--from-beginning"));
        assertEquals(3, stdout.lines());
        assertEquals(3, committedOffset("stopper", "stopped", 0), "committed: exactly what was printed");
        assertEquals("Processed a total of 3 messages\n", err.toString(StandardCharsets.UTF_8));
        assertNull(watcher.get(), "the signals are given back");
    }

    @Test
    void groupExcludesPartitionAndOffset() {
        CliRun run = spate("consume", "jobs", "--group", "g", "--partition", "0");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--group"), run.err());
    }

    /** Lines {@code job-<from>} to {@code job-<from + count - 1>}. */
    private static String lines(int from, int count) {
        StringBuilder input = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            input.append("job-").append(i).append('\n');
        }
        return input.toString();
    }

    /** The group's committed offset of a partition, as {@code spate group describe} shows it. */
    private static long committedOffset(String group, String topic, int partition) {
        CliRun describe = spate("--json", "group", "describe", group);
        assertEquals(0, describe.exitCode(), describe.toString());
        for (JsonNode o : Json.parse(describe.out()).get("offsets")) {
            if (o.get("topic").asText().equals(topic) && o.get("partition").asInt() == partition) {
                return o.get("currentOffset").isNull() ? -1 : o.get("currentOffset").asLong();
            }
        }
        return -1;
    }

    /**
     * A stdout that counts lines, runs an action when line {@code atLine} ends, and whose reader can
     * go away: after {@link #close()} every write fails, as on EPIPE.
     */
    private static final class Stdout extends OutputStream {
        private final int atLine;
        private final Runnable action;
        private int lines;
        private boolean closed;

        Stdout(int atLine, Runnable action) {
            this.atLine = atLine;
            this.action = action;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (closed) {
                throw new IOException("Broken pipe");
            }
            if (b == '\n' && ++lines == atLine) {
                action.run();
            }
        }

        synchronized int lines() {
            return lines;
        }

        @Override
        public synchronized void close() {
            closed = true;
        }
    }
}
