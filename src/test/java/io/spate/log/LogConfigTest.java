package io.spate.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.record.TimestampType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogConfigTest {
    @Test
    void defaultsAreKafkas() {
        LogConfig c = LogConfig.defaults();
        assertEquals(1073741824L, c.segmentBytes());
        assertEquals(604800000L, c.segmentMs());
        assertEquals(604800000L, c.retentionMs());
        assertEquals(-1L, c.retentionBytes());
        assertEquals(1048588, c.maxMessageBytes());
        assertEquals(4096, c.indexIntervalBytes());
        assertEquals(10485760, c.segmentIndexBytes());
        assertEquals(TimestampType.CREATE_TIME, c.timestampType());
        assertEquals("delete", c.cleanupPolicy());
        assertEquals(86400000L, c.deleteRetentionMs());
        assertEquals(60000L, c.fileDeleteDelayMs());
        assertEquals(1, c.minInSyncReplicas());
        assertFalse(c.uncleanLeaderElectionEnable());
        assertEquals(Long.MAX_VALUE, c.flushMessages());
        assertEquals(Long.MAX_VALUE, c.flushMs());
    }

    @Test
    void overridesApplyOnTopOfBase() {
        LogConfig base = LogConfig.from(Map.of("retention.ms", "1000"), LogConfig.defaults());
        LogConfig c = LogConfig.from(Map.of("segment.bytes", " 4096 ", "message.timestamp.type", "LogAppendTime",
                "cleanup.policy", "compact, delete", "unclean.leader.election.enable", "TRUE"), base);
        assertEquals(4096, c.segmentBytes());
        assertEquals(1000, c.retentionMs());
        assertEquals(TimestampType.LOG_APPEND_TIME, c.timestampType());
        assertEquals("compact,delete", c.cleanupPolicy());
        assertTrue(c.compactEnabled());
        assertTrue(c.deleteEnabled());
        assertTrue(c.uncleanLeaderElectionEnable());
    }

    @Test
    void toMapHoldsEveryKeyAndRoundTrips() {
        LogConfig c = LogConfig.from(Map.of("retention.bytes", "123", "cleanup.policy", "compact"), LogConfig.defaults());
        Map<String, String> m = c.toMap();
        assertEquals(LogConfig.keys(), m.keySet());
        assertEquals(15, m.size());
        assertEquals("123", m.get("retention.bytes"));
        assertEquals("CreateTime", m.get("message.timestamp.type"));
        assertEquals(c, LogConfig.from(m, LogConfig.defaults()));
        assertFalse(c.deleteEnabled());
    }

    @Test
    void unknownKeyIsRefusedByName() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> LogConfig.from(Map.of("retention.hours", "1"), LogConfig.defaults()));
        assertEquals("retention.hours", e.key());
        assertTrue(e.getMessage().contains("retention.hours"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "segment.bytes|abc",
        "segment.bytes|10",
        "segment.bytes|3000000000",
        "segment.ms|0",
        "retention.ms|-2",
        "retention.bytes|1.5",
        "max.message.bytes|99999999999",
        "index.interval.bytes|-1",
        "segment.index.bytes|3",
        "message.timestamp.type|createtime",
        "message.timestamp.type|Now",
        "cleanup.policy|remove",
        "cleanup.policy|delete,delete",
        "cleanup.policy|''",
        "delete.retention.ms|-5",
        "file.delete.delay.ms|x",
        "min.insync.replicas|0",
        "unclean.leader.election.enable|yes",
        "flush.messages|0",
        "flush.ms|-1",
    })
    void badValueIsRefusedNamingTheKey(String key, String value) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> LogConfig.from(Map.of(key, value), LogConfig.defaults()));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void constructorValidatesToo() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new LogConfig(1024, 0, -1, -1,
                100, 10, 100, TimestampType.CREATE_TIME, "delete", 0, 0, 1, false, 1, 1));
        assertEquals("segment.ms", e.key());
    }
}
