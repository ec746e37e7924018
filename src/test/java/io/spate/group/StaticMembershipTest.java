package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Static membership (group.instance.id, KIP-345). */
class StaticMembershipTest extends GroupTestSupport {
    private static final int INITIAL_DELAY_MS = 3_000;

    /** An initial delay lets both static members form generation 1 together. */
    @Override
    GroupConfig config() {
        return GroupConfig.defaults().withInitialRebalanceDelayMs(INITIAL_DELAY_MS);
    }

    private SyncResult syncStatic(String memberId, String instance, int generation, Map<String, byte[]> assignment) {
        return await(coordinator.sync(new SyncRequest(GROUP, generation, memberId, instance, null, null, assignment)));
    }

    /** Static members "s1" (leader) and "s2" Stable in generation 1; returns their member ids. */
    private String[] stableStaticPair() {
        JoinRequest s1 = joinRequest("", "s1", List.of(new Protocol("range", bytes("s1"))));
        JoinRequest s2 = joinRequest("", "s2", List.of(new Protocol("range", bytes("s2"))));
        Future<JoinResult> j1 = coordinator.join(s1);
        Future<JoinResult> j2 = coordinator.join(s2);
        advance(2 * INITIAL_DELAY_MS); // s2 joined during the first delay: it is extended once
        String id1 = await(j1).memberId();
        String id2 = await(j2).memberId();
        assertTrue(id1.startsWith("s1-"), id1);
        Future<SyncResult> f2 = coordinator.sync(new SyncRequest(GROUP, 1, id2, "s2", null, null, Map.of()));
        syncStatic(id1, "s1", 1, Map.of(id1, bytes("P1"), id2, bytes("P2")));
        assertEquals("P2", text(await(f2).assignment()));
        return new String[] {id1, id2};
    }

    @Test
    void staticFollowerRejoiningGetsANewIdTheSameAssignmentAndNoRebalance() {
        String[] ids = stableStaticPair();
        JoinResult again = await(joinStatic("", "s2"));
        assertEquals(ErrorCode.NONE, again.error());
        assertNotEquals(ids[1], again.memberId());
        assertEquals(1, again.generationId());
        assertEquals(ids[0], again.leaderId());
        assertFalse(again.skipAssignment());
        assertTrue(again.members().isEmpty());
        assertEquals("Stable", describe().state());
        assertEquals("P2", text(syncStatic(again.memberId(), "s2", 1, Map.of()).assignment()));
        // The old incarnation is fenced everywhere.
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, await(coordinator.heartbeat(GROUP, 1, ids[1], "s2")));
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, syncStatic(ids[1], "s2", 1, Map.of()).error());
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, await(joinStatic(ids[1], "s2")).error());
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, again.memberId(), "s2")));
    }

    @Test
    void staticLeaderRejoiningIsToldToSkipTheAssignment() {
        String[] ids = stableStaticPair();
        JoinResult again = await(coordinator.join(joinRequest("", "s1", List.of(new Protocol("range", bytes("s1"))))));
        assertEquals(again.memberId(), again.leaderId());
        assertTrue(again.skipAssignment());
        assertEquals(2, again.members().size());
        assertEquals(1, again.generationId());
        assertEquals("Stable", describe().state());
        assertEquals("P1", text(syncStatic(again.memberId(), "s1", 1, Map.of()).assignment()));
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, ids[1], "s2")));
    }

    @Test
    void staticMemberSurvivesACoordinatorRestartWithItsNewIdAndAssignment() {
        stableStaticPair();
        JoinResult again = await(joinStatic("", "s2"));
        restart();
        DescribedGroup d = describe();
        assertEquals("Stable", d.state());
        assertTrue(d.members().stream().anyMatch(m -> m.memberId().equals(again.memberId())));
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, again.memberId(), "s2")));
        SyncResult s = syncStatic(again.memberId(), "s2", 1, Map.of());
        assertArrayEquals(bytes("P2"), s.assignment());
        // The loaded members got a fresh session deadline: a silent one expires after it.
        advance(SESSION_MS / 2);
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, again.memberId(), "s2")));
        advance(SESSION_MS / 2 + 1);
        assertEquals("PreparingRebalance", describe().state());
        assertEquals(1, describe().members().size());
    }

    @Test
    void staticMemberIsKeptWhenItMissesARebalanceDynamicOnesAreNot() {
        String[] ids = stableStaticPair();
        String dynamic = memberId();
        Future<JoinResult> jd = join(dynamic); // starts generation 2's join phase
        Future<JoinResult> j1 = joinStatic(ids[0], "s1");
        for (int i = 0; i < 3; i++) {
            advance(9_000);
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, await(coordinator.heartbeat(GROUP, 1, ids[1], "s2")));
        }
        advance(REBALANCE_MS - 27_000);
        JoinResult leader = await(j1);
        assertEquals(2, leader.generationId());
        assertEquals(3, leader.members().size(), "s2 did not rejoin but stays a member");
        assertEquals(2, await(jd).generationId());
    }

    @Test
    void staticMemberRejoiningWhileItsOldIncarnationWaitsFencesTheOldJoin() {
        String[] ids = stableStaticPair();
        String pending = memberId(); // keeps the join phase open
        Future<JoinResult> old = joinStatic(ids[0], "s1");
        settle();
        assertEquals("PreparingRebalance", describe().state());
        Future<JoinResult> fresh = joinStatic("", "s1");
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, await(old).error());
        Future<JoinResult> j2 = joinStatic(ids[1], "s2");
        Future<JoinResult> jp = join(pending);
        await(j2);
        await(jp);
        JoinResult r = await(fresh);
        assertEquals(ErrorCode.NONE, r.error());
        assertEquals(2, r.generationId());
        assertEquals(r.memberId(), r.leaderId());
    }

    @Test
    void leaveByInstanceIdRemovesTheStaticMember() {
        String[] ids = stableStaticPair();
        LeaveResult r = await(coordinator.leave(GROUP, List.of(new LeavingMember("", "s2", "admin"),
                new LeavingMember("", "unknown-instance", null), new LeavingMember("wrong-id", "s1", null))));
        assertEquals(ErrorCode.NONE, r.members().get(0).error());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, r.members().get(1).error());
        assertEquals(ErrorCode.FENCED_INSTANCE_ID, r.members().get(2).error());
        assertEquals("PreparingRebalance", describe().state());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(coordinator.heartbeat(GROUP, 1, ids[1], "s2")));
    }

    @Test
    void unknownInstanceWithAMemberIdIsUnknown() {
        stableStaticPair();
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(joinStatic("some-id", "s9")).error());
    }

    @Test
    void failedStoreOfTheReplacementRevertsToTheOldIncarnation() {
        String[] ids = stableStaticPair();
        log.failAppends(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        JoinResult r = await(joinStatic("", "s2"));
        log.failAppends(null);
        assertEquals(ErrorCode.NOT_COORDINATOR, r.error());
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, ids[1], "s2")));
        assertEquals("P2", text(syncStatic(ids[1], "s2", 1, Map.of()).assignment()));
    }
}
