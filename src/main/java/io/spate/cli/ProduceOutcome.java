package io.spate.cli;

import io.spate.client.RecordNotSentException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What became of the lines one {@code spate produce} handed to its producer: each line ends
 * acknowledged (written), failed (its own error), or not sent (failed with
 * {@link RecordNotSentException}: the producer stopped at an earlier failure). When a record
 * failed, {@link #summary} says exactly which lines were written: the lines handed over that
 * neither failed nor went unsent.
 *
 * <p>Threading: the producer's callbacks record outcomes (a record refused after the producer
 * stopped may be recorded by the command's thread); the command's thread reads them once every
 * line handed over has an outcome. The bookkeeping of failures is synchronized: it is rare.
 */
final class ProduceOutcome {
    private final AtomicLong acknowledged = new AtomicLong();
    private final LineRanges failed = new LineRanges();
    private final LineRanges notSent = new LineRanges();
    private volatile boolean anyFailed;
    private long firstFailedLine;
    private Throwable firstFailure;

    void acknowledged() {
        acknowledged.incrementAndGet();
    }

    synchronized void failed(long line, Throwable error) {
        if (error instanceof RecordNotSentException) {
            notSent.add(line);
            return;
        }
        failed.add(line);
        if (firstFailure == null || line < firstFailedLine) {
            firstFailedLine = line;
            firstFailure = error;
        }
        anyFailed = true;
    }

    /** True once a record failed on its own (not merely went unsent). */
    boolean anyFailed() {
        return anyFailed;
    }

    long acknowledgedCount() {
        return acknowledged.get();
    }

    /** The failed line with the lowest number: the one the error names. */
    synchronized long firstFailedLine() {
        return firstFailedLine;
    }

    synchronized Throwable firstFailure() {
        return firstFailure;
    }

    /**
     * After a failure, once every line handed over has its outcome: {@code wrote lines 1-4,9 (5
     * records); lines 6-8 failed too; lines 5,10.. not sent}. {@code handed} lines (1..handed) went
     * to the producer; when the input did not end, the lines after them were never read, and count
     * as not sent ({@code N..}).
     */
    synchronized String summary(long handed, boolean inputEnded) {
        LineRanges written = LineRanges.complement(handed, failed, notSent);
        StringBuilder out = new StringBuilder();
        if (written.isEmpty()) {
            out.append("wrote no lines");
        } else {
            out.append("wrote ").append(lines(written.count())).append(' ').append(written)
                    .append(" (").append(written.count()).append(written.count() == 1 ? " record)" : " records)");
        }
        if (failed.count() > 1) {
            LineRanges others = failed.without(firstFailedLine);
            out.append("; ").append(lines(others.count())).append(' ').append(others).append(" failed too");
        }
        long openFrom = inputEnded ? 0 : handed + 1;
        if (!notSent.isEmpty() || openFrom > 0) {
            boolean one = openFrom == 0 && notSent.count() == 1;
            out.append("; ").append(one ? "line " : "lines ").append(notSent.text(openFrom)).append(" not sent");
        }
        return out.toString();
    }

    private static String lines(long count) {
        return count == 1 ? "line" : "lines";
    }
}
