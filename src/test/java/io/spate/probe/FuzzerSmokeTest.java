package io.spate.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.record.CompressionType;
import io.spate.record.CorruptRecordException;
import io.spate.record.RecordBatch;
import io.spate.testing.DecompressionBombs;
import io.spate.testing.TestNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the probes of scripts/probe/ from rotting: a short fuzz run against an in-process node
 * (the node must still answer and the data written before must read back whole), and the pieces
 * the long runs depend on: replayable frames and valid decompression bombs.
 */
@Timeout(60)
class FuzzerSmokeTest {
    @Test
    void nodeServesAndKeepsItsDataAfterTwoThousandFuzzedFrames(@TempDir Path dir) throws Exception {
        SpateNode node = TestNode.start(dir.resolve("data"));
        try {
            FuzzProbe.Result r = FuzzProbe.fuzz(node.port(), 20_240_601L, 2_000, 4, 15_000, 1_000, 2_000, List.of(), List.of(),
                    false);
            // 2,000 frames take a few seconds; the 15 s bound only cuts the run short on a starved machine
            assertTrue(r.report().sent.get() >= 1_000, r.report().describe());
            assertTrue(r.report().responses.get() > r.report().sent.get() / 2, r.report().describe());
            assertEquals("ok", r.answers());
            assertEquals(2_000, r.acknowledged());
            assertTrue(r.readBack().whole(), r.dataSummary());
            assertEquals(2_000, r.readBack().records(), r.dataSummary());
        } finally {
            TestNode.stop(node);
        }
    }

    @Test
    void aSeedRepeatsItsFrames() {
        Random a = new Random(7);
        Random b = new Random(7);
        for (int i = 0; i < 500; i++) {
            FrameMutator.Frame fa = FrameMutator.next(a, i);
            FrameMutator.Frame fb = FrameMutator.next(b, i);
            assertEquals(fa.mutation(), fb.mutation());
            assertArrayEquals(fa.bytes(), fb.bytes());
        }
    }

    @Test
    void aBombIsAValidBatchThatInflatesPastItsBound() {
        for (CompressionType codec : List.of(CompressionType.GZIP, CompressionType.ZSTD)) {
            ByteBuffer bomb = DecompressionBombs.batch(codec, 32 << 20);
            RecordBatch batch = new RecordBatch(bomb, 0);
            assertTrue(batch.isChecksumValid(), codec + " bomb has a valid CRC");
            assertEquals(1, batch.recordCount());
            assertTrue(bomb.remaining() < (1 << 20), codec + " bomb is small on the wire: " + bomb.remaining());
            assertThrows(CorruptRecordException.class, () -> batch.records(1 << 20));
            assertEquals(32 << 20, batch.records(64 << 20).get(0).value().length);
        }
    }
}
