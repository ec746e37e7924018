package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The __consumer_offsets record layouts, byte by byte. */
class OffsetRecordCodecTest {

    @Test
    void offsetKeyIsVersionOneGroupTopicPartition() {
        byte[] key = OffsetRecordCodec.offsetKey("g1", new TopicPartition("t", 7));
        ByteBuffer expected = ByteBuffer.allocate(2 + 4 + 3 + 4)
                .putShort((short) 1).putShort((short) 2).put(ascii("g1")).putShort((short) 1).put(ascii("t")).putInt(7);
        assertArrayEquals(expected.array(), key);
        assertEquals(new CoordinatorKey.OffsetKey("g1", new TopicPartition("t", 7)), OffsetRecordCodec.readKey(key));
    }

    @Test
    void groupKeyIsVersionTwoGroup() {
        byte[] key = OffsetRecordCodec.groupKey("g1");
        assertArrayEquals(ByteBuffer.allocate(6).putShort((short) 2).putShort((short) 2).put(ascii("g1")).array(), key);
        assertEquals(new CoordinatorKey.GroupKey("g1"), OffsetRecordCodec.readKey(key));
    }

    @Test
    void offsetValueIsVersionThree() {
        StoredOffset o = new StoredOffset(42L, 5, "m", 1_700_000_000_000L);
        byte[] value = OffsetRecordCodec.offsetValue(o);
        ByteBuffer expected = ByteBuffer.allocate(2 + 8 + 4 + 3 + 8)
                .putShort((short) 3).putLong(42L).putInt(5).putShort((short) 1).put(ascii("m")).putLong(1_700_000_000_000L);
        assertArrayEquals(expected.array(), value);
        assertEquals(o, OffsetRecordCodec.readOffsetValue(value));
    }

    @Test
    void groupValueIsVersionThreeWithMembers() {
        GroupRecord g = new GroupRecord("consumer", 4, "range", "m1", 99L, List.of(
                new GroupRecord.MemberRecord("m1", "i1", "c", "h", 300, 10, new byte[] {1, 2}, new byte[] {3}),
                new GroupRecord.MemberRecord("m2", null, "c", "h", 300, 10, new byte[0], new byte[0])));
        byte[] value = OffsetRecordCodec.groupValue(g);
        ByteBuffer b = ByteBuffer.wrap(value);
        assertEquals(3, b.getShort());
        assertEquals("consumer", string(b));
        assertEquals(4, b.getInt());
        assertEquals("range", string(b));
        assertEquals("m1", string(b));
        assertEquals(99L, b.getLong());
        assertEquals(2, b.getInt());
        assertEquals("m1", string(b));
        assertEquals("i1", string(b));
        assertEquals("c", string(b));
        assertEquals("h", string(b));
        assertEquals(300, b.getInt());
        assertEquals(10, b.getInt());
        assertEquals(2, b.getInt());
        b.position(b.position() + 2);
        assertEquals(1, b.getInt());
        b.position(b.position() + 1);
        assertEquals("m2", string(b));
        assertEquals(-1, b.getShort(), "a dynamic member's instance id is a null string");

        GroupRecord back = OffsetRecordCodec.readGroupValue(value);
        assertEquals(g.generation(), back.generation());
        assertEquals("range", back.protocol());
        assertNull(back.members().get(1).groupInstanceId());
        assertArrayEquals(new byte[] {1, 2}, back.members().get(0).subscription());
        assertArrayEquals(new byte[] {3}, back.members().get(0).assignment());
    }

    @Test
    void emptyGenerationHasNullProtocolAndLeader() {
        GroupRecord g = new GroupRecord("consumer", 2, null, null, 5L, List.of());
        GroupRecord back = OffsetRecordCodec.readGroupValue(OffsetRecordCodec.groupValue(g));
        assertNull(back.protocol());
        assertNull(back.leader());
        assertEquals(2, back.generation());
    }

    @Test
    void unknownVersionsAndTruncatedRecordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OffsetRecordCodec.readKey(new byte[] {0, 9, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> OffsetRecordCodec.readKey(new byte[] {0, 2, 0, 5, 65}));
        byte[] value = OffsetRecordCodec.offsetValue(new StoredOffset(1, 1, "", 1));
        value[1] = 1;
        assertThrows(IllegalArgumentException.class, () -> OffsetRecordCodec.readOffsetValue(value));
        byte[] trailing = ByteBuffer.allocate(7).putShort((short) 2).putShort((short) 1).put(ascii("g")).putShort((short) 0)
                .array();
        assertThrows(IllegalArgumentException.class, () -> OffsetRecordCodec.readKey(trailing));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String string(ByteBuffer b) {
        short n = b.getShort();
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
