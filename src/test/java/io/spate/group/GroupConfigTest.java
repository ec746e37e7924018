package io.spate.group;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupConfigTest {

    @Test
    void defaultsAreKafkas() {
        GroupConfig c = GroupConfig.defaults();
        assertEquals(50, c.offsetsTopicNumPartitions());
        assertEquals(3000, c.initialRebalanceDelayMs());
        assertEquals(6000, c.minSessionTimeoutMs());
        assertEquals(1_800_000, c.maxSessionTimeoutMs());
        assertEquals(Integer.MAX_VALUE, c.maxSize());
        assertEquals(7L * 24 * 60 * 60 * 1000, c.offsetsRetentionMs());
        assertEquals(600_000, c.offsetsRetentionCheckIntervalMs());
        assertEquals(4096, c.offsetMetadataMaxBytes());
    }

    @Test
    void badValueIsRefusedNamingItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroupConfig(50, 3000, 6000, 5000, 10, 10_080, 600_000, 4096));
        assertTrue(e.getMessage().startsWith("group.max.session.timeout.ms = 5000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GroupConfig.defaults().withMaxSize(0));
        assertTrue(e.getMessage().startsWith("group.max.size = 0"), e.getMessage());
    }
}
