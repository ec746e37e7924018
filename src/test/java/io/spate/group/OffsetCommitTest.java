package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OffsetCommit fencing, the append-then-apply rule, and OffsetFetch. */
class OffsetCommitTest extends GroupTestSupport {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final TopicPartition TP1 = new TopicPartition("orders", 1);

    @Test
    void memberCommitIsStoredAndFetched() {
        String id = memberId();
        stableAlone(id);
        assertEquals(Map.of(TP, ErrorCode.NONE), commit(1, id, TP, 42));
        StoredOffset c = committed(TP);
        assertEquals(42, c.offset());
        assertEquals(3, c.leaderEpoch());
        assertEquals("meta", c.metadata());
        assertEquals(timer.nowMs(), c.commitTimestamp());
        assertEquals(StoredOffset.NONE, committed(TP1));
    }

    @Test
    void zombieWithOldGenerationIsFencedAndOffsetsStayUnchanged() {
        String[] ids = new String[] {memberId(), memberId()};
        Future<JoinResult> j0 = join(ids[0]);
        Future<JoinResult> j1 = join(ids[1]);
        await(j0);
        await(j1);
        Future<SyncResult> s1 = sync(ids[1], 1, Map.of());
        await(sync(ids[0], 1, Map.of()));
        await(s1);
        assertEquals(ErrorCode.NONE, commit(1, ids[1], TP, 10).get(TP));
        // ids[0] rejoins (the leader forces generation 2); ids[1] is a zombie still on generation 1.
        Future<JoinResult> again0 = join(ids[0]);
        Future<JoinResult> again1 = join(ids[1]);
        await(again0);
        await(again1);
        Future<SyncResult> s1b = sync(ids[1], 2, Map.of());
        await(sync(ids[0], 2, Map.of()));
        await(s1b);
        assertEquals(ErrorCode.ILLEGAL_GENERATION, commit(1, ids[1], TP, 99).get(TP));
        assertEquals(10, committed(TP).offset());
    }

    @Test
    void unknownMemberCommitIsRefused() {
        String id = memberId();
        stableAlone(id);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, commit(1, "stranger", TP, 5).get(TP));
        assertEquals(StoredOffset.NONE, committed(TP));
        // A member of a group this coordinator does not know at all: an old generation.
        Map<TopicPartition, ErrorCode> r = await(coordinator.commitOffsets("unknown-group", 4, "m", null,
                Map.of(TP, new OffsetCommit(1, -1, null))));
        assertEquals(ErrorCode.ILLEGAL_GENERATION, r.get(TP));
    }

    @Test
    void standaloneCommitIsAllowedOnlyWhileTheGroupHasNoMembers() {
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 7).get(TP));
        assertEquals(7, committed(TP).offset());
        assertEquals("Empty", describe().state());
        assertEquals("", describe().protocolType());

        String id = memberId();
        stableAlone(id);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, commit(-1, "", TP, 8).get(TP));
        assertEquals(7, committed(TP).offset());
    }

    @Test
    void commitWhileCompletingRebalanceIsRefusedWhilePreparingItIsAllowed() {
        String id = memberId();
        stableAlone(id);
        Future<JoinResult> rejoin = join(id); // the leader rejoins: PreparingRebalance, then at once CompletingRebalance
        assertEquals(2, await(rejoin).generationId());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, commit(2, id, TP, 1).get(TP));

        String other = memberId(); // a pending member keeps the next join phase open
        await(sync(id, 2, Map.of()));
        Future<JoinResult> again = join(id);
        settle();
        assertEquals("PreparingRebalance", describe().state());
        // Cooperative consumers commit what they revoke while the group prepares the rebalance.
        assertEquals(ErrorCode.NONE, commit(2, id, TP, 2).get(TP));
        assertEquals(2, committed(TP).offset());
        assertEquals(ErrorCode.NONE, await(join(other)).error());
        assertEquals(3, await(again).generationId());
    }

    @Test
    void failedAppendAnswersTheMappedErrorAndChangesNothing() {
        assertEquals(ErrorCode.NONE, commit(-1, "", TP, 1).get(TP));
        int records = log.records(coordinator.partitionFor(GROUP)).size();
        log.failAppends(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertEquals(ErrorCode.NOT_COORDINATOR, commit(-1, "", TP, 2).get(TP));
        log.failAppends(ErrorCode.NOT_ENOUGH_REPLICAS);
        assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, commit(-1, "", TP, 3).get(TP));
        log.failAppends(ErrorCode.MESSAGE_TOO_LARGE);
        assertEquals(ErrorCode.INVALID_COMMIT_OFFSET_SIZE, commit(-1, "", TP, 4).get(TP));
        log.failAppends(null);
        assertEquals(1, committed(TP).offset());
        assertEquals(records, log.records(coordinator.partitionFor(GROUP)).size());
    }

    @Test
    void tooLargeMetadataIsRefusedPerPartitionOthersAreStoredInOneBatch() {
        String big = "x".repeat(GroupConfig.DEFAULT_OFFSET_METADATA_MAX_BYTES + 1);
        int partition = coordinator.partitionFor(GROUP);
        int batches = log.batchCount(partition);
        Map<TopicPartition, ErrorCode> r = await(coordinator.commitOffsets(GROUP, -1, "", null, Map.of(
                TP, new OffsetCommit(5, -1, big),
                TP1, new OffsetCommit(6, -1, "ok"),
                new TopicPartition("orders", 2), new OffsetCommit(7, -1, null))));
        assertEquals(ErrorCode.OFFSET_METADATA_TOO_LARGE, r.get(TP));
        assertEquals(ErrorCode.NONE, r.get(TP1));
        assertEquals(batches + 1, log.batchCount(partition));
        assertEquals(StoredOffset.NONE, committed(TP));
        assertEquals("", committed(new TopicPartition("orders", 2)).metadata());
    }

    @Test
    void fetchOfEveryPartitionListsTheCommittedOnesInOrder() {
        commit(-1, "", TP1, 11);
        commit(-1, "", TP, 10);
        OffsetFetchResult all = await(coordinator.fetchOffsets(GROUP, null));
        assertEquals(List.of(TP, TP1), List.copyOf(all.offsets().keySet()));
        assertTrue(await(coordinator.fetchOffsets("nobody", null)).offsets().isEmpty());
        assertEquals(StoredOffset.NONE, await(coordinator.fetchOffsets("nobody", List.of(TP))).offsets().get(TP));
    }

    @Test
    void staticMemberCommitFromAnOldIncarnationIsFenced() {
        JoinResult first = await(joinStatic("", "instance-1"));
        await(coordinator.sync(new SyncRequest(GROUP, 1, first.memberId(), "instance-1", null, null, Map.of())));
        JoinResult second = await(joinStatic("", "instance-1"));
        Map<TopicPartition, ErrorCode> r = await(coordinator.commitOffsets(GROUP, 1, first.memberId(), "instance-1",
                Map.of(TP, new OffsetCommit(1, -1, ""))));
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, r.get(TP));
        r = await(coordinator.commitOffsets(GROUP, 1, second.memberId(), "instance-1",
                Map.of(TP, new OffsetCommit(2, -1, ""))));
        assertEquals(ErrorCode.NONE, r.get(TP));
    }

    @Test
    void fetchAndCommitOnAnUnloadedPartitionAnswerNotCoordinator() {
        await(coordinator.unloadPartition(coordinator.partitionFor(GROUP)));
        assertEquals(ErrorCode.NOT_COORDINATOR, await(coordinator.fetchOffsets(GROUP, null)).error());
        assertEquals(ErrorCode.NOT_COORDINATOR, commit(-1, "", TP, 1).get(TP));
    }
}
