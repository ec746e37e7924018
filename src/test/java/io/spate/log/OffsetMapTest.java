package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffsetMapTest {
    private static byte[] key(int i) {
        return Compacted.bytes("key-" + i);
    }

    @Test
    void keepsTheLargestOffsetPerKey() {
        OffsetMap map = new OffsetMap(100);
        assertTrue(map.put(key(1), 5));
        assertTrue(map.put(key(1), 3));
        assertTrue(map.put(key(2), 7));
        assertEquals(5, map.get(key(1)));
        assertEquals(7, map.get(key(2)));
        assertEquals(-1, map.get(key(3)));
        assertEquals(2, map.size());
    }

    @Test
    void aFullMapRefusesNewKeysButUpdatesPresentOnes() {
        OffsetMap map = new OffsetMap(10); // 9 entries at most
        for (int i = 0; i < 9; i++) {
            assertTrue(map.put(key(i), i));
        }
        assertTrue(map.isFull());
        assertFalse(map.put(key(99), 100));
        assertEquals(-1, map.get(key(99)));
        assertTrue(map.put(key(0), 50));
        assertEquals(50, map.get(key(0)));
    }

    @Test
    void probingWrapsAroundTheTable() {
        OffsetMap map = new OffsetMap(2); // one entry: every probe must still end at the empty slot
        assertTrue(map.put(key(1), 1));
        assertFalse(map.put(key(2), 2));
        assertEquals(-1, map.get(key(2)));
        assertEquals(1, map.get(key(1)));
    }

    @Test
    void tooFewSlotsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OffsetMap(1));
    }
}
