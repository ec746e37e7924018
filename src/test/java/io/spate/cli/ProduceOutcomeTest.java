package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.RecordNotSentException;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import org.junit.jupiter.api.Test;

/** The line {@code spate produce} prints about what became of its lines when a record failed. */
class ProduceOutcomeTest {
    private static final SpateException TOO_LARGE = ErrorCode.MESSAGE_TOO_LARGE.exception("too large");
    private static final RecordNotSentException NOT_SENT = new RecordNotSentException(TOO_LARGE);

    @Test
    void rangesMergeWhateverTheOrderOfTheirLines() {
        LineRanges r = new LineRanges();
        for (long line : new long[] {5, 3, 4, 9, 1, 10, 4}) {
            r.add(line);
        }
        assertEquals("1,3-5,9-10", r.toString());
        assertEquals(6, r.count());
        assertTrue(r.contains(4) && !r.contains(2) && !r.contains(11));
        assertEquals("1,3,5,9-10", r.without(4).toString());
        assertEquals("1,3..", r.text(6), "ranges reaching the open end join it");
        assertEquals("1,3-5,9-10,12..", r.text(12));
    }

    @Test
    void onOnePartitionTheLinesBeforeTheFailedOneAreWrittenAndNoneAfterIt() {
        ProduceOutcome o = new ProduceOutcome();
        o.acknowledged();
        o.failed(2, TOO_LARGE);
        for (long line = 3; line <= 40; line++) {
            o.failed(line, NOT_SENT);
        }
        assertTrue(o.anyFailed());
        assertEquals(2, o.firstFailedLine());
        assertEquals("wrote line 1 (1 record); lines 3.. not sent", o.summary(40, false));
        assertEquals("wrote line 1 (1 record); lines 3-40 not sent", o.summary(40, true), "the input ended");
    }

    @Test
    void onSeveralPartitionsTheWrittenLinesAreListedExactly() {
        ProduceOutcome o = new ProduceOutcome();
        o.failed(7, ErrorCode.NOT_ENOUGH_REPLICAS.exception("in flight too"));
        o.failed(5, TOO_LARGE);
        o.failed(6, TOO_LARGE);
        for (long line : new long[] {10, 11, 12, 8}) {
            o.failed(line, NOT_SENT);
        }
        assertEquals(5, o.firstFailedLine(), "the lowest failed line is the one named");
        assertEquals(TOO_LARGE, o.firstFailure());
        assertEquals("wrote lines 1-4,9 (5 records); lines 6-7 failed too; lines 8,10-12 not sent", o.summary(12, true));
        assertEquals("wrote lines 1-4,9 (5 records); lines 6-7 failed too; lines 8,10.. not sent", o.summary(12, false));
    }

    @Test
    void nothingWrittenAndAnUnsentLineBeforeTheFailure() {
        ProduceOutcome o = new ProduceOutcome();
        o.failed(1, NOT_SENT);
        assertFalse(o.anyFailed(), "an unsent record is not a failure of its own");
        o.failed(2, TOO_LARGE);
        assertEquals("wrote no lines; line 1 not sent", o.summary(2, true));
        assertEquals("wrote no lines; lines 1,3.. not sent", o.summary(2, false));
    }

    @Test
    void theFailureKeepsItsCodeAndGainsTheSummary() {
        RuntimeException e = ProduceCommand.withSummary(ProduceCommand.atLine(TOO_LARGE, 2), "wrote line 1 (1 record)");
        assertEquals("MESSAGE_TOO_LARGE: record of line 2: too large; wrote line 1 (1 record)", e.getMessage());
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, ((SpateException) e).error());
        RuntimeException other = ProduceCommand.withSummary(ProduceCommand.atLine(new IllegalStateException("x"), 3),
                "wrote no lines");
        assertTrue(other instanceof CommandFailedException);
        assertEquals("record of line 3 failed: java.lang.IllegalStateException: x; wrote no lines", other.getMessage());
    }
}
