package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .txnindex} file: created on the first entry, read back, torn tails, versions, truncation, lookups. */
class TransactionIndexTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("00000000000000000000.txnindex");
    }

    @Test
    void noFileUntilTheFirstEntryThenEntriesReadBack() throws IOException {
        TransactionIndex index = TransactionIndex.open(file());
        assertFalse(Files.exists(file()));
        assertTrue(index.append(new AbortedTxn(1, 0, 5, 3)));
        assertFalse(index.append(new AbortedTxn(2, 3, 9, 10)));
        index.flush();
        index.close();
        assertEquals(2 * TransactionIndex.ENTRY_BYTES, Files.size(file()));
        assertEquals(List.of(new AbortedTxn(1, 0, 5, 3), new AbortedTxn(2, 3, 9, 10)), TransactionIndex.open(file()).entries());
    }

    @Test
    void aTornLastEntryIsCutAndAnotherVersionIsRefused() throws IOException {
        TransactionIndex index = TransactionIndex.open(file());
        index.append(new AbortedTxn(1, 0, 5, 3));
        index.close();
        Files.write(file(), new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        TransactionIndex reopened = TransactionIndex.open(file());
        assertEquals(1, reopened.entries().size());
        reopened.close();
        assertEquals(TransactionIndex.ENTRY_BYTES, Files.size(file()));
        byte[] bytes = Files.readAllBytes(file());
        bytes[1] = 9; // version 9
        Files.write(file(), bytes);
        assertTrue(assertThrows(IOException.class, () -> TransactionIndex.open(file())).getMessage().contains("version 9"));
    }

    @Test
    void truncationDropsTheEntriesOfMarkersAtOrAboveTheOffset() throws IOException {
        TransactionIndex index = TransactionIndex.open(file());
        index.append(new AbortedTxn(1, 0, 5, 3));
        index.append(new AbortedTxn(2, 3, 9, 10));
        index.truncateTo(9);
        assertEquals(List.of(new AbortedTxn(1, 0, 5, 3)), index.entries());
        index.close();
        assertEquals(TransactionIndex.ENTRY_BYTES, Files.size(file()));
    }

    @Test
    void collectStopsOnceAnEntrysLastStableOffsetReachesTheBound() throws IOException {
        TransactionIndex index = TransactionIndex.open(file());
        index.append(new AbortedTxn(1, 0, 5, 3));
        index.append(new AbortedTxn(2, 3, 9, 20));
        List<AbortedTxn> out = new ArrayList<>();
        assertTrue(index.collect(4, 8, out), "the second entry's last stable offset 20 passes the bound 8");
        assertEquals(List.of(new AbortedTxn(1, 0, 5, 3), new AbortedTxn(2, 3, 9, 20)), out);
        out.clear();
        assertFalse(index.collect(6, 30, out));
        assertEquals(List.of(new AbortedTxn(2, 3, 9, 20)), out, "the first ended below the fetch offset");
        index.close();
    }
}
