package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How produce turns stdin into records: lines as bytes, keys split at the first separator. */
class ProduceInputTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesEndAtNewlineDropCarriageReturnAndKeepALastUnterminatedLine() throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(b("a\r\n\nb c\nlast")));
        assertArrayEquals(b("a"), r.next());
        assertArrayEquals(b(""), r.next());
        assertArrayEquals(b("b c"), r.next());
        assertArrayEquals(b("last"), r.next());
        assertNull(r.next());
    }

    @Test
    void noLineAfterAFinalNewline() throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(b("x\n")));
        assertArrayEquals(b("x"), r.next());
        assertNull(r.next());
    }

    @Test
    void bytesArePassedThroughUndecoded() throws IOException {
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 0, 1, '\n'};
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, new LineReader(new ByteArrayInputStream(raw)).next());
    }

    @Test
    void keyIsBeforeTheFirstSeparator() {
        KeyedLine k = KeyedLine.split(b("user-1::a::b"), b("::"));
        assertArrayEquals(b("user-1"), k.key());
        assertArrayEquals(b("a::b"), k.value());
        KeyedLine empty = KeyedLine.split(b("\tv"), b("\t"));
        assertArrayEquals(b(""), empty.key());
        assertArrayEquals(b("v"), empty.value());
    }

    @Test
    void lineWithoutSeparatorHasNoKey() {
        assertNull(KeyedLine.split(b("novalue"), b("\t")));
        assertNull(KeyedLine.split(b(""), b(":")));
    }

    @Test
    void failedRecordNamesItsInputLine() {
        RuntimeException e = ProduceCommand.atLine(ErrorCode.MESSAGE_TOO_LARGE.exception("1 MiB max"), 7);
        assertEquals("MESSAGE_TOO_LARGE: record of line 7: 1 MiB max", e.getMessage());
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, ((SpateException) e).error());
    }
}
