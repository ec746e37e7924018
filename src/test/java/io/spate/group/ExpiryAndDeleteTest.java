package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.record.Record;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Offset expiry (offsets.retention.minutes) and DeleteGroups. */
class ExpiryAndDeleteTest extends GroupTestSupport {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final long RETENTION_MS = GroupConfig.defaults().offsetsRetentionMs();

    private List<Record> records() {
        return log.records(coordinator.partitionFor(GROUP));
    }

    @Test
    void standaloneOffsetsExpireAfterRetentionAndTheGroupDies() {
        long t0 = timer.nowMs();
        commit(-1, "", TP, 5);
        int records = records().size();
        assertEquals(0, await(coordinator.expireOffsets(t0 + RETENTION_MS - 1)));
        assertEquals(5, committed(TP).offset());
        assertEquals(1, await(coordinator.expireOffsets(t0 + RETENTION_MS)));
        assertEquals(StoredOffset.NONE, committed(TP));
        assertEquals("Dead", describe().state());
        // One batch: the offset's tombstone and the group metadata's.
        List<Record> all = records();
        assertEquals(records + 2, all.size());
        assertNull(all.get(all.size() - 1).value());
        assertNull(all.get(all.size() - 2).value());
        restart();
        assertEquals(StoredOffset.NONE, committed(TP));
    }

    @Test
    void standaloneOffsetsAgeFromTheCommitEvenAcrossARestart() {
        long t0 = timer.nowMs();
        commit(-1, "", TP, 5);
        advance(3_600_000);
        restart();
        assertEquals(1, await(coordinator.expireOffsets(t0 + RETENTION_MS)));
    }

    @Test
    void retentionCountsFromWhenTheGroupBecameEmpty() {
        String id = memberId();
        stableAlone(id);
        long t0 = timer.nowMs();
        commit(1, id, TP, 5);
        assertEquals(0, await(coordinator.expireOffsets(t0 + 100 * RETENTION_MS)), "a Stable group keeps its offsets");
        advance(5_000);
        await(coordinator.leave(GROUP, List.of(new LeavingMember(id, null, null))));
        assertEquals("Empty", describe().state());
        assertEquals(0, await(coordinator.expireOffsets(t0 + RETENTION_MS + 1_000)));
        assertEquals(1, await(coordinator.expireOffsets(t0 + 5_000 + RETENTION_MS)));
        assertEquals(StoredOffset.NONE, committed(TP));
    }

    @Test
    void failedExpiryAppendChangesNothing() {
        long t0 = timer.nowMs();
        commit(-1, "", TP, 5);
        log.failAppends(ErrorCode.NOT_ENOUGH_REPLICAS);
        assertEquals(0, await(coordinator.expireOffsets(t0 + RETENTION_MS)));
        log.failAppends(null);
        assertEquals(5, committed(TP).offset());
        assertEquals("Empty", describe().state());
    }

    @Test
    void deleteRemovesAnEmptyGroupsOffsetsAndMetadata() {
        String id = memberId();
        stableAlone(id);
        commit(1, id, TP, 5);
        await(coordinator.leave(GROUP, List.of(new LeavingMember(id, null, null))));
        assertEquals(Map.of(GROUP, ErrorCode.NONE), await(coordinator.deleteGroups(List.of(GROUP))));
        assertEquals(StoredOffset.NONE, committed(TP));
        assertEquals("Dead", describe().state());
        assertEquals(Map.of(GROUP, ErrorCode.GROUP_ID_NOT_FOUND), await(coordinator.deleteGroups(List.of(GROUP))));
        restart();
        assertEquals("Dead", describe().state());
        assertEquals(StoredOffset.NONE, committed(TP));
    }

    @Test
    void deleteRefusesNonEmptyUnknownAndInvalidGroups() {
        stableAlone(memberId());
        Map<String, ErrorCode> r = await(coordinator.deleteGroups(Arrays.asList(GROUP, "unknown", "", null)));
        assertEquals(List.of(GROUP, "unknown", "", "null"),
                r.keySet().stream().map(String::valueOf).toList());
        assertEquals(ErrorCode.NON_EMPTY_GROUP, r.get(GROUP));
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, r.get("unknown"));
        assertEquals(ErrorCode.INVALID_GROUP_ID, r.get(""));
        assertEquals(ErrorCode.INVALID_GROUP_ID, r.get(null));
        assertEquals("Stable", describe().state());
    }

    @Test
    void failedDeleteAppendAnswersTheErrorAndKeepsTheGroup() {
        commit(-1, "", TP, 5);
        log.failAppends(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertEquals(Map.of(GROUP, ErrorCode.NOT_COORDINATOR), await(coordinator.deleteGroups(List.of(GROUP))));
        log.failAppends(null);
        assertEquals(5, committed(TP).offset());
        assertEquals("Empty", describe().state());
    }

    @Test
    void deleteOnAnUnownedPartitionIsNotCoordinator() {
        await(coordinator.unloadPartition(coordinator.partitionFor(GROUP)));
        assertEquals(Map.of(GROUP, ErrorCode.NOT_COORDINATOR), await(coordinator.deleteGroups(List.of(GROUP))));
    }
}
