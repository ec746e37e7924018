package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {
    @TempDir
    Path dir;

    private OffsetIndex index(int maxBytes) throws IOException {
        return new OffsetIndex(dir.resolve("00000000000000000100.index"), 100, maxBytes);
    }

    @Test
    void emptyIndexAnswersBaseOffsetAtPositionZero() throws IOException {
        OffsetIndex index = index(80);
        assertEquals(new OffsetPosition(100, 0), index.lookup(100));
        assertEquals(new OffsetPosition(100, 0), index.lookup(5000));
        assertEquals(new OffsetPosition(100, 0), index.lookup(3));
        assertEquals(0, index.entries());
    }

    @Test
    void lookupFindsLargestEntryAtOrBelowTarget() throws IOException {
        OffsetIndex index = index(80);
        index.append(110, 1000);
        index.append(120, 2000);
        index.append(135, 3000);
        assertEquals(new OffsetPosition(100, 0), index.lookup(109));
        assertEquals(new OffsetPosition(110, 1000), index.lookup(110));
        assertEquals(new OffsetPosition(110, 1000), index.lookup(119));
        assertEquals(new OffsetPosition(120, 2000), index.lookup(134));
        assertEquals(new OffsetPosition(135, 3000), index.lookup(Long.MAX_VALUE));
    }

    @Test
    void preallocatesWholeEntriesAndRefusesAppendWhenFull() throws IOException {
        OffsetIndex index = index(21); // rounds down to 2 entries
        assertEquals(2, index.maxEntries());
        assertEquals(16, Files.size(index.file()));
        index.append(101, 10);
        index.append(102, 20);
        assertTrue(index.isFull());
        assertThrows(IllegalStateException.class, () -> index.append(103, 30));
        assertEquals(new OffsetPosition(102, 20), index.lookup(103));
    }

    @Test
    void appendRefusesOffsetsOrPositionsThatDoNotIncrease() throws IOException {
        OffsetIndex index = index(80);
        index.append(110, 1000);
        assertThrows(IllegalArgumentException.class, () -> index.append(110, 2000));
        assertThrows(IllegalArgumentException.class, () -> index.append(111, 1000));
        assertThrows(IllegalArgumentException.class, () -> index.append(99, 2000));
        assertEquals(1, index.entries());
    }

    @Test
    void truncateToDropsEntriesAtOrAboveOffset() throws IOException {
        OffsetIndex index = index(80);
        index.append(110, 1000);
        index.append(120, 2000);
        index.append(130, 3000);
        index.truncateTo(120);
        assertEquals(1, index.entries());
        assertEquals(new OffsetPosition(110, 1000), index.lookup(125));
        index.append(121, 2100);
        assertEquals(new OffsetPosition(121, 2100), index.lookup(125));
        index.truncateTo(50);
        assertEquals(0, index.entries());
    }

    @Test
    void trimmedIndexReopensWithItsEntries() throws IOException {
        OffsetIndex index = index(80);
        index.append(110, 1000);
        index.append(120, 2000);
        index.trimToValidSize();
        assertEquals(16, Files.size(index.file()));
        OffsetIndex reopened = index(80);
        assertEquals(2, reopened.entries());
        assertTrue(reopened.isConsistentWith(3000));
        assertEquals(new OffsetPosition(120, 2000), reopened.lookup(125));
        reopened.resize(80);
        reopened.append(130, 2500);
        assertEquals(3, reopened.entries());
    }

    @Test
    void untrimmedFileLeftByACrashIsInconsistent() throws IOException {
        OffsetIndex index = index(80);
        index.append(110, 1000);
        // no trim: the zero-filled rest of the preallocated file is read back as entries
        OffsetIndex reopened = index(80);
        assertEquals(10, reopened.entries());
        assertFalse(reopened.isConsistentWith(5000));
    }

    @Test
    void entryPastTheLogFileIsInconsistent() throws IOException {
        OffsetIndex index = index(80);
        index.append(110, 1000);
        index.trimToValidSize();
        assertTrue(index(80).isConsistentWith(1001));
        assertFalse(index(80).isConsistentWith(1000));
    }

    @Test
    void tornFileLengthIsInconsistent() throws IOException {
        Files.write(dir.resolve("00000000000000000100.index"), new byte[] {0, 0, 0, 5, 0, 0, 0, 9, 1});
        assertFalse(index(80).isConsistentWith(100));
    }
}
