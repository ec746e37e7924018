package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VarintTest {
    private static ByteBuffer bytes(int... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length);
        for (int v : values) {
            buf.put((byte) v);
        }
        return buf.flip();
    }

    private static ByteBuffer writeInt(int value) {
        ByteBuffer buf = ByteBuffer.allocate(Varint.MAX_VARINT_BYTES);
        Varint.writeVarint(value, buf);
        return buf.flip();
    }

    private static ByteBuffer writeLong(long value) {
        ByteBuffer buf = ByteBuffer.allocate(Varint.MAX_VARLONG_BYTES);
        Varint.writeVarlong(value, buf);
        return buf.flip();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void intsRoundTripWithTheSizeTheyTake(int value) {
        ByteBuffer buf = writeInt(value);
        assertEquals(Varint.sizeOfVarint(value), buf.remaining());
        assertEquals(value, Varint.readVarint(buf));
        assertEquals(0, buf.remaining());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE})
    void longsRoundTripWithTheSizeTheyTake(long value) {
        ByteBuffer buf = writeLong(value);
        assertEquals(Varint.sizeOfVarlong(value), buf.remaining());
        assertEquals(value, Varint.readVarlong(buf));
        assertEquals(0, buf.remaining());
    }

    @Test
    void zigZagKeepsSmallMagnitudesShort() {
        assertEquals(bytes(0), writeInt(0));
        assertEquals(1, writeInt(-1).get(0));
        assertEquals(2, writeInt(1).get(0));
        assertEquals(1, Varint.sizeOfVarint(-64));
        assertEquals(2, Varint.sizeOfVarint(64));
        assertEquals(5, Varint.sizeOfVarint(Integer.MIN_VALUE));
        assertEquals(5, Varint.sizeOfVarint(Integer.MAX_VALUE));
        assertEquals(10, Varint.sizeOfVarlong(Long.MIN_VALUE));
        assertEquals(10, Varint.sizeOfVarlong(Long.MAX_VALUE));
    }

    @Test
    void everyEncodedLengthFromOneToTenBytesIsProduced() {
        for (int n = 1; n <= 10; n++) {
            // the smallest zig-zag value needing n bytes: 2^(7(n-1)) as unsigned, i.e. 2^(7(n-1)-1) signed
            long value = n == 1 ? 0 : 1L << (7 * (n - 1) - 1);
            assertEquals(n, Varint.sizeOfVarlong(value), "value " + value);
            if (n > 1) {
                assertEquals(n - 1, Varint.sizeOfVarlong(value - 1), "value " + (value - 1));
            }
            ByteBuffer buf = writeLong(value);
            assertEquals(n, buf.remaining());
            assertEquals(value, Varint.readVarlong(buf));
            if (n <= 5) {
                assertEquals(n, writeInt((int) value).remaining());
            }
        }
    }

    @Test
    void aSixthVarintByteIsRefused() {
        ByteBuffer buf = bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
        assertThrows(IllegalArgumentException.class, () -> Varint.readVarint(buf));
    }

    @Test
    void anEleventhVarlongByteIsRefused() {
        ByteBuffer buf = bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
        assertThrows(IllegalArgumentException.class, () -> Varint.readVarlong(buf));
    }

    @Test
    void aVarintCutShortUnderflows() {
        assertThrows(BufferUnderflowException.class, () -> Varint.readVarint(bytes(0x80, 0x80)));
        assertThrows(BufferUnderflowException.class, () -> Varint.readVarlong(bytes(0xff)));
    }

    @Test
    void matchesKafkaByteUtilsOnRandomValuesAndOverlongFifthBytes() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int v = random.nextInt() >> random.nextInt(32);
            long l = random.nextLong() >> random.nextInt(64);
            ByteBuffer kafka = ByteBuffer.allocate(15);
            ByteUtils.writeVarint(v, kafka);
            ByteUtils.writeVarlong(l, kafka);
            kafka.flip();
            ByteBuffer ours = ByteBuffer.allocate(15);
            Varint.writeVarint(v, ours);
            Varint.writeVarlong(l, ours);
            assertEquals(kafka, ours.flip());
            assertEquals(ByteUtils.sizeOfVarint(v), Varint.sizeOfVarint(v));
            assertEquals(ByteUtils.sizeOfVarlong(l), Varint.sizeOfVarlong(l));
        }
        // bits of the 5th byte beyond 32 are dropped by Kafka; so are they here
        ByteBuffer overlong = bytes(0xff, 0xff, 0xff, 0xff, 0x7f);
        assertEquals(ByteUtils.readVarint(overlong.duplicate()), Varint.readVarint(overlong));
        ByteBuffer overlongLong = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
        assertEquals(ByteUtils.readVarlong(overlongLong.duplicate()), Varint.readVarlong(overlongLong));
    }
}
