package io.spate.record;

import static io.spate.testing.TestBatches.BASE_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.DecompressionBombs;
import io.spate.testing.TestBatches;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimestampSearchTest {
    private static final long BASE_OFFSET = 1_000;

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void findsTheFirstRecordAtOrAfterTheTargetFromMinOffset(CompressionType type) {
        // timestamps out of order, as CreateTime allows
        RecordBatch b = at(BASE_OFFSET, TestBatches.batch(type, "v", BASE_TIME + 10, BASE_TIME + 30, BASE_TIME + 5,
                BASE_TIME + 40, BASE_TIME + 20));
        assertEquals(new TimestampSearch.Found(BASE_OFFSET, BASE_TIME + 10),
                TimestampSearch.firstAtOrAfter(b, BASE_TIME, 0));
        assertEquals(new TimestampSearch.Found(BASE_OFFSET + 1, BASE_TIME + 30),
                TimestampSearch.firstAtOrAfter(b, BASE_TIME + 11, 0));
        assertEquals(new TimestampSearch.Found(BASE_OFFSET + 3, BASE_TIME + 40),
                TimestampSearch.firstAtOrAfter(b, BASE_TIME + 11, BASE_OFFSET + 2));
        assertEquals(new TimestampSearch.Found(BASE_OFFSET + 4, BASE_TIME + 20),
                TimestampSearch.firstAtOrAfter(b, BASE_TIME + 20, BASE_OFFSET + 4));
        assertNull(TimestampSearch.firstAtOrAfter(b, BASE_TIME + 41, 0));
        assertNull(TimestampSearch.firstAtOrAfter(b, BASE_TIME + 41, BASE_OFFSET + 5));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"GZIP", "LZ4", "ZSTD"})
    void aStoredBombIsSearchedWithoutHoldingItsInflatedBytes(CompressionType type) {
        // 200 MiB of zeros in one record, within the bound a topic with a raised max.message.bytes stores;
        // decoding the records held all of it on the heap (a few such requests: OutOfMemoryError)
        RecordBatch bomb = new RecordBatch(DecompressionBombs.batch(type, 200 << 20), 0);
        long before = allocatedBytes();
        TimestampSearch.Found found = TimestampSearch.firstAtOrAfter(bomb, 0, 0);
        long allocated = allocatedBytes() - before;
        assertEquals(0, found.offset());
        assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes to search the bomb");
    }

    @Test
    void aBombPastTheBoundIsCorruptNotInflated() {
        RecordBatch bomb = new RecordBatch(DecompressionBombs.batch(CompressionType.ZSTD,
                RecordBatch.DEFAULT_MAX_DECOMPRESSED_BYTES + (1 << 20)), 0);
        long before = allocatedBytes();
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> TimestampSearch.firstAtOrAfter(bomb, 0, 0));
        assertTrue(e.getMessage().contains("decompresses to more than"), e.getMessage());
        assertTrue(allocatedBytes() - before < 16 << 20);
    }

    private static RecordBatch at(long baseOffset, ByteBuffer batch) {
        batch.putLong(0, baseOffset); // outside the CRC
        return new RecordBatch(batch, 0);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
