package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.TestBatches;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xerial.snappy.Snappy;

class CompressionTypeTest {
    static byte[] compress(CompressionType type, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream stream = type.wrapForOutput(out)) {
            stream.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] decompress(CompressionType type, ByteBuffer compressed) throws IOException {
        try (InputStream in = type.wrapForInput(compressed)) {
            return in.readAllBytes();
        }
    }

    @Test
    void idsAndNamesAreKafkas() {
        String[] names = {"none", "gzip", "snappy", "lz4", "zstd"};
        for (int id = 0; id < names.length; id++) {
            CompressionType type = CompressionType.forId(id);
            assertEquals(id, type.id());
            assertEquals(names[id], type.configName());
            assertSame(type, CompressionType.forName(names[id]));
            assertEquals(org.apache.kafka.common.record.CompressionType.forId(id).name, type.configName());
        }
    }

    @Test
    void unknownIdsAndNamesAreRefusedNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompressionType.forId(5)).getMessage().contains("5"));
        assertThrows(IllegalArgumentException.class, () -> CompressionType.forId(-1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompressionType.forName("brotli"))
                .getMessage().contains("brotli"));
        assertThrows(IllegalArgumentException.class, () -> CompressionType.forName(null));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void roundTripsFromHeapAndDirectBuffersWithoutMovingThem(CompressionType type) throws IOException {
        Random random = new Random(type.id());
        for (int size : new int[] {0, 1, 100, 70_000, 300_000}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i % 3 == 0 ? random.nextInt() : 'x');
            }
            byte[] compressed = compress(type, data);
            ByteBuffer heap = ByteBuffer.wrap(TestBatches.join(new byte[7], compressed), 7, compressed.length);
            ByteBuffer direct = ByteBuffer.allocateDirect(compressed.length).put(compressed).flip();
            assertArrayEquals(data, decompress(type, heap));
            assertArrayEquals(data, decompress(type, direct));
            assertEquals(7, heap.position());
            assertEquals(0, direct.position());
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void garbageFailsWithIOExceptionNotAnUncheckedOne(CompressionType type) {
        Random random = new Random(99);
        for (int i = 0; i < 200; i++) {
            ByteBuffer garbage = ByteBuffer.wrap(TestBatches.bytes(random, 1 + random.nextInt(500)));
            assertThrows(IOException.class, () -> decompress(type, garbage), type + " garbage #" + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void garbageAfterAValidStreamHeaderFailsWithIOException(CompressionType type) throws IOException {
        byte[] valid = compress(type, TestBatches.bytes(new Random(1), 5000));
        int headerBytes = switch (type) {
            case GZIP -> 10;
            case SNAPPY -> SnappyFraming.HEADER_SIZE;
            case LZ4 -> 7;
            default -> 4; // zstd magic
        };
        Random random = new Random(77);
        for (int i = 0; i < 200; i++) {
            byte[] corrupt = TestBatches.join(java.util.Arrays.copyOf(valid, headerBytes),
                    TestBatches.bytes(random, 1 + random.nextInt(2000)));
            assertThrows(IOException.class, () -> decompress(type, ByteBuffer.wrap(corrupt)), type + " #" + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void truncatedDataFailsWithIOException(CompressionType type) throws IOException {
        byte[] data = TestBatches.bytes(new Random(3), 50_000);
        byte[] compressed = compress(type, data);
        for (int cut : new int[] {1, compressed.length / 2, compressed.length - 5}) {
            ByteBuffer truncated = ByteBuffer.wrap(compressed, 0, cut);
            assertThrows(IOException.class, () -> decompress(type, truncated), type + " cut at " + cut);
        }
    }

    @Test
    void snappyWithoutTheStreamHeaderIsRefused() throws IOException {
        // raw snappy would make SnappyInputStream allocate whatever the block claims
        byte[] raw = Snappy.compress(new byte[1000]);
        assertThrows(IOException.class, () -> decompress(CompressionType.SNAPPY, ByteBuffer.wrap(raw)));
    }

    @Test
    void snappyChunkClaimingMoreThanSnappyCanExpandToIsRefusedBeforeAllocating() throws IOException {
        byte[] stream = compress(CompressionType.SNAPPY, new byte[100]);
        ByteBuffer forged = ByteBuffer.allocate(SnappyFraming.HEADER_SIZE + 4 + 6);
        forged.put(stream, 0, SnappyFraming.HEADER_SIZE).putInt(6);
        forged.put(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0}); // claims 2 GiB
        IOException e = assertThrows(IOException.class, () -> decompress(CompressionType.SNAPPY, forged.flip()));
        assertTrue(e.getMessage().contains("claims"), e.getMessage());
    }

    @Test
    void snappyConcatenatedStreamsAreRead() throws IOException {
        byte[] first = compress(CompressionType.SNAPPY, "hello ".getBytes());
        byte[] second = compress(CompressionType.SNAPPY, "world".getBytes());
        assertArrayEquals("hello world".getBytes(),
                decompress(CompressionType.SNAPPY, ByteBuffer.wrap(TestBatches.join(first, second))));
    }
}
