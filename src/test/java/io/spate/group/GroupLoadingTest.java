package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatchBuilder;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rebuilding groups from the offsets topic, and partition ownership. */
class GroupLoadingTest extends GroupTestSupport {
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @Test
    void reloadRebuildsOffsetsAndGenerations() {
        String id = memberId();
        stableAlone(id);
        assertEquals(ErrorCode.NONE, commit(1, id, TP, 5).get(TP));
        assertEquals(ErrorCode.NONE, commit(1, id, TP, 6).get(TP));
        StoredOffset before = committed(TP);
        restart();
        assertEquals(before, committed(TP));
        DescribedGroup d = describe();
        assertEquals("Stable", d.state());
        assertEquals("range", d.protocolData());
        assertEquals("a-" + id, text(d.members().get(0).assignment()));
        // The loaded member carries on in generation 1; a zombie from generation 0 is still fenced.
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, id, null)));
        assertEquals(ErrorCode.ILLEGAL_GENERATION, commit(0, id, TP, 1).get(TP));
        assertEquals(2, await(join(id)).generationId());
    }

    @Test
    void tombstonesDeleteOnReload() {
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 5).get(TP));
        assertEquals(Map.of(GROUP, ErrorCode.NONE), await(coordinator.deleteGroups(List.of(GROUP))));
        assertEquals(ErrorCode.NONE, await(coordinator.commitOffsets("other", -1, "", null,
                Map.of(TP, new OffsetCommit(9, -1, "")))).get(TP));
        restart();
        assertEquals(StoredOffset.NONE, committed(TP));
        assertEquals("Dead", describe().state());
        assertEquals(9, await(coordinator.fetchOffsets("other", List.of(TP))).offsets().get(TP).offset());
    }

    @Test
    void requestsWhileLoadingAreToldToWait() {
        await(coordinator.close());
        log.holdReplays();
        coordinator = new GroupCoordinator(context, config(), log, timer);
        Future<Void> loading = coordinator.loadPartition(coordinator.partitionFor(GROUP));
        settle();
        assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, await(join("")).error());
        assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, await(coordinator.fetchOffsets(GROUP, null)).error());
        assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, commit(-1, "", TP, 1).get(TP));
        // Kafka's answers that keep members from rejoining needlessly or make them rejoin.
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, "m", null)));
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, await(sync("m", 1, Map.of())).error());
        assertEquals(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, await(coordinator.listGroups(List.of())).error());
        log.releaseReplays();
        await(loading);
        assertEquals(ErrorCode.MEMBER_ID_REQUIRED, await(join("")).error());
        // Another partition was never loaded here.
        String elsewhere = otherPartitionGroup();
        assertEquals(ErrorCode.NOT_COORDINATOR, await(coordinator.fetchOffsets(elsewhere, null)).error());
    }

    @Test
    void unloadDuringLoadDropsTheLoad() {
        await(coordinator.close());
        log.holdReplays();
        coordinator = new GroupCoordinator(context, config(), log, timer);
        int p = coordinator.partitionFor(GROUP);
        Future<Void> loading = coordinator.loadPartition(p);
        await(coordinator.unloadPartition(p));
        log.releaseReplays();
        assertThrows(AssertionError.class, () -> await(loading));
        assertEquals(ErrorCode.NOT_COORDINATOR, await(join("")).error());
    }

    @Test
    void corruptRecordFailsTheLoadAndLeavesThePartitionUnowned() {
        int p = coordinator.partitionFor(GROUP);
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 64);
        b.append(timer.nowMs(), new byte[] {0, 9, 1}, new byte[] {1}, null);
        log.appendRaw(p, b.build());
        await(coordinator.close());
        coordinator = new GroupCoordinator(context, config(), log, timer);
        Throwable failure = assertThrows(AssertionError.class, () -> await(coordinator.loadPartition(p))).getCause();
        assertTrue(failure.getCause() instanceof CorruptCoordinatorRecordException, String.valueOf(failure));
        assertEquals(ErrorCode.NOT_COORDINATOR, await(join("")).error());
    }

    @Test
    void unloadAnswersWaitingRequestsWithNotCoordinator() {
        String a = memberId();
        memberId();
        Future<JoinResult> waiting = join(a);
        settle();
        assertFalse(waiting.isComplete());
        await(coordinator.unloadPartition(coordinator.partitionFor(GROUP)));
        assertEquals(ErrorCode.NOT_COORDINATOR, await(waiting).error());
        assertEquals("", describe().state());
        assertEquals(ErrorCode.NOT_COORDINATOR, describe().error());
    }

    @Test
    void partitionForIsKafkasAbsHashModulo() {
        for (String id : List.of("g", "orders-app", "", "\u00e9t\u00e9", "polygenelubricants")) {
            assertEquals((id.hashCode() & 0x7fffffff) % PARTITIONS, coordinator.partitionFor(id));
        }
        // Its hashCode is Integer.MIN_VALUE: Math.abs would stay negative, Kafka's mask does not.
        assertEquals(Integer.MIN_VALUE, "polygenelubricants".hashCode());
        assertEquals(0, coordinator.partitionFor("polygenelubricants"));
    }

    private String otherPartitionGroup() {
        for (int i = 0; ; i++) {
            String id = "group-" + i;
            if (coordinator.partitionFor(id) != coordinator.partitionFor(GROUP)) {
                return id;
            }
        }
    }
}
