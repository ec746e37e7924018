package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code spate produce} when a record fails (issue 13): the first failure stops it, nothing sent
 * behind it is written, and its one error line says exactly which lines were written; a batch the
 * topic refuses as too large is split and retried, and a record too large alone fails alone. Every
 * input line's value is its own line number, so the topic's records name the lines written.
 */
@Timeout(180)
class ProduceFailureCliTest extends CliNodeTest {
    private static final Pattern WROTE = Pattern.compile("; wrote (?:no lines|lines? ([0-9,-]+) \\((\\d+) records?\\))");
    private static final Pattern NOT_SENT = Pattern.compile("; lines? ([0-9,.-]+) not sent");

    /** Lines 1..n, each its own number, except {@code big} (0 for none): a value of {@code bigBytes} bytes. */
    private static String numberedLines(int n, int big, int bigBytes) {
        StringBuilder in = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            if (i == big) {
                char[] x = new char[bigBytes];
                Arrays.fill(x, 'x');
                in.append(x);
            } else {
                in.append(i);
            }
            in.append('\n');
        }
        return in.toString();
    }

    /** Every value in the topic, in partition then offset order. */
    private static List<String> values(String topic) {
        CliRun consumed = spate("consume", topic, "--from-beginning", "--timeout-ms", "1500");
        assertEquals(ExitCodes.OK, consumed.exitCode(), consumed.toString());
        return consumed.out().lines().toList();
    }

    private static Set<Long> numbers(List<String> values) {
        Set<Long> out = new TreeSet<>();
        values.forEach(v -> out.add(Long.parseLong(v)));
        return out;
    }

    /** The one stderr line of a failed produce. */
    private static String failure(CliRun run, String errorCode, long line) {
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().length, run.toString());
        String err = run.errLines()[0];
        assertTrue(err.startsWith("spate: " + errorCode + ": record of line " + line + ": "), err);
        return err;
    }

    /** The lines the report says were written, checking its record count. */
    private static Set<Long> written(String err) {
        Matcher m = WROTE.matcher(err);
        assertTrue(m.find(), "no 'wrote …' in: " + err);
        Set<Long> lines = m.group(1) == null ? new TreeSet<>() : ranges(m.group(1), Long.MAX_VALUE);
        assertEquals(m.group(1) == null ? 0 : Long.parseLong(m.group(2)), lines.size(), err);
        return lines;
    }

    /** The lines the report says were not sent, an open range {@code N..} read up to {@code upTo}. */
    private static Set<Long> notSent(String err, long upTo) {
        Matcher m = NOT_SENT.matcher(err);
        return m.find() ? ranges(m.group(1), upTo) : new TreeSet<>();
    }

    private static Set<Long> ranges(String text, long openUpTo) {
        Set<Long> out = new TreeSet<>();
        for (String r : text.split(",")) {
            long from;
            long to;
            if (r.endsWith("..")) {
                from = Long.parseLong(r.substring(0, r.length() - 2));
                to = openUpTo;
            } else if (r.contains("-")) {
                from = Long.parseLong(r.substring(0, r.indexOf('-')));
                to = Long.parseLong(r.substring(r.indexOf('-') + 1));
            } else {
                from = Long.parseLong(r);
                to = from;
            }
            for (long i = from; i <= to; i++) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void firstFailedRecordStopsProduceAndNothingBehindItIsWritten() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "stops").exitCode());
        // line 2 is above the producer's max.request.size (1 MiB): refused before it is sent
        CliRun run = spateWithInput(numberedLines(5002, 2, 5 * 1024 * 1024), "produce", "stops");
        String err = failure(run, "MESSAGE_TOO_LARGE", 2);
        Set<Long> inTopic = numbers(values("stops"));
        assertTrue(inTopic.isEmpty() || inTopic.equals(Set.of(1L)), "only line 1 may be written, the topic holds "
                + inTopic.size() + " records");
        assertEquals(inTopic, written(err), err);
        Set<Long> notSent = notSent(err, 5002);
        assertTrue(notSent.containsAll(ranges("3-5002", 0)), err);
        // the rest of the input was read or not when the failure was seen: "3.." or "3-5002"
        assertTrue(err.matches(inTopic.isEmpty() ? ".*; wrote no lines; lines 1,3(\\.\\.|-5002) not sent"
                : ".*; wrote line 1 \\(1 record\\); lines 3(\\.\\.|-5002) not sent"), err);
    }

    @Test
    void batchesTheTopicRefusesAsTooLargeAreSplitAndEveryLineIsWrittenInOrder() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "tiny-batches", "--config", "max.message.bytes=1000").exitCode());
        StringBuilder in = new StringBuilder();
        List<String> want = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            in.append(i).append('\n');
            want.add(Integer.toString(i));
        }
        CliRun run = spateWithInput(in.toString(), "produce", "tiny-batches");
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        assertEquals("", run.err());
        assertEquals(want, values("tiny-batches"));
    }

    @Test
    void recordTooLargeAloneFailsNamingItsLineOnceAndTheLinesBeforeItAreWritten() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "one-too-large", "--config", "max.message.bytes=1000").exitCode());
        CliRun run = spateWithInput(numberedLines(3000, 101, 1500), "produce", "one-too-large");
        String err = failure(run, "MESSAGE_TOO_LARGE", 101);
        assertEquals(1, err.split("one-too-large-0", -1).length - 1, "the partition is named once: " + err);
        assertTrue(err.matches(".*; wrote lines 1-100 \\(100 records\\); lines 102(\\.\\.|-3000) not sent"), err);
        assertEquals(ranges("1-100", 0), numbers(values("one-too-large")));
    }

    @Test
    void onSeveralPartitionsTheReportNamesExactlyTheLinesWritten() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "spread", "--partitions", "3",
                "--config", "max.message.bytes=1000").exitCode());
        StringBuilder in = new StringBuilder();
        for (int i = 1; i <= 3000; i++) {
            in.append("k").append(i).append(':');
            if (i == 1500) {
                in.append("x".repeat(1500));
            } else {
                in.append(i);
            }
            in.append('\n');
        }
        CliRun run = spateWithInput(in.toString(), "produce", "spread", "--key-separator", ":");
        String err = failure(run, "MESSAGE_TOO_LARGE", 1500);
        Set<Long> inTopic = numbers(values("spread"));
        Set<Long> written = written(err);
        assertEquals(inTopic, written, err);
        assertFalse(written.contains(1500L), err);
        Set<Long> notSent = notSent(err, 3000);
        assertFalse(notSent.isEmpty(), "what was queued behind line 1500 on its partition is not sent: " + err);
        notSent.retainAll(written);
        assertTrue(notSent.isEmpty(), "written and not sent: " + notSent + " in " + err);
    }
}
