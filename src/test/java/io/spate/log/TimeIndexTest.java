package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {
    @TempDir
    Path dir;

    private TimeIndex index(int maxBytes) throws IOException {
        return new TimeIndex(dir.resolve("00000000000000000050.timeindex"), 50, maxBytes);
    }

    @Test
    void emptyIndexAnswersNoTimestampAtBaseOffset() throws IOException {
        TimeIndex index = index(120);
        assertEquals(new TimestampOffset(-1, 50), index.lookup(1_000_000));
        assertEquals(new TimestampOffset(-1, 50), index.lastEntry());
    }

    @Test
    void lookupFindsLargestTimestampAtOrBelowTarget() throws IOException {
        TimeIndex index = index(120);
        assertTrue(index.maybeAppend(1000, 55));
        assertTrue(index.maybeAppend(2000, 60));
        assertTrue(index.maybeAppend(3000, 60));
        assertEquals(new TimestampOffset(-1, 50), index.lookup(999));
        assertEquals(new TimestampOffset(1000, 55), index.lookup(1000));
        assertEquals(new TimestampOffset(2000, 60), index.lookup(2999));
        assertEquals(new TimestampOffset(3000, 60), index.lookup(Long.MAX_VALUE));
    }

    @Test
    void onlyLargerTimestampsAreAppended() throws IOException {
        TimeIndex index = index(120);
        index.maybeAppend(1000, 55);
        assertFalse(index.maybeAppend(1000, 56));
        assertFalse(index.maybeAppend(900, 57));
        assertEquals(1, index.entries());
        assertThrows(IllegalArgumentException.class, () -> index.maybeAppend(2000, 54));
    }

    @Test
    void fullIndexRefusesANewEntry() throws IOException {
        TimeIndex index = index(24);
        index.maybeAppend(1, 51);
        index.maybeAppend(2, 52);
        assertTrue(index.isFull());
        assertThrows(IllegalStateException.class, () -> index.maybeAppend(3, 53));
        // an entry that would not be added anyway is no error
        assertFalse(index.maybeAppend(2, 53));
    }

    @Test
    void truncateToDropsEntriesAtOrAboveOffset() throws IOException {
        TimeIndex index = index(120);
        index.maybeAppend(1000, 55);
        index.maybeAppend(2000, 60);
        index.maybeAppend(3000, 70);
        index.truncateTo(60);
        assertEquals(1, index.entries());
        assertEquals(new TimestampOffset(1000, 55), index.lastEntry());
    }

    @Test
    void trimmedIndexReopensAndZeroTailIsInconsistent() throws IOException {
        TimeIndex index = index(120);
        index.maybeAppend(1000, 55);
        index.maybeAppend(2000, 60);
        TimeIndex untrimmed = index(120);
        assertFalse(untrimmed.isConsistentWith(Long.MAX_VALUE));
        index.trimToValidSize();
        TimeIndex reopened = index(120);
        assertEquals(2, reopened.entries());
        assertTrue(reopened.isConsistentWith(Long.MAX_VALUE));
        assertEquals(new TimestampOffset(2000, 60), reopened.lastEntry());
    }
}
