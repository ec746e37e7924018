package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session timeouts, rebalance timeouts, the pending-sync timeout and LeaveGroup. */
class RebalanceTimeoutsTest extends GroupTestSupport {

    /** Two members Stable in generation 1; returns {leader, follower}. */
    private String[] stablePair() {
        String a = memberId();
        String b = memberId();
        Future<JoinResult> ja = join(a);
        Future<JoinResult> jb = join(b);
        assertEquals(1, await(ja).generationId());
        assertEquals(1, await(jb).generationId());
        Future<SyncResult> sb = sync(b, 1, Map.of());
        await(sync(a, 1, Map.of(a, bytes("A"), b, bytes("B"))));
        assertEquals(ErrorCode.NONE, await(sb).error());
        return new String[] {a, b};
    }

    @Test
    void sessionExpiryRemovesTheSilentMemberAndRebalances() {
        String[] ids = stablePair();
        advance(SESSION_MS / 2);
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, ids[0], null)));
        advance(SESSION_MS / 2 + 1);
        assertEquals("PreparingRebalance", describe().state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, await(coordinator.heartbeat(GROUP, 1, ids[0], null)));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(coordinator.heartbeat(GROUP, 1, ids[1], null)));
        JoinResult rejoined = await(join(ids[0]));
        assertEquals(2, rejoined.generationId());
        assertEquals(List.of(ids[0]), rejoined.members().stream().map(JoinedMember::memberId).toList());
    }

    @Test
    void lastMemberExpiringLeavesTheGroupEmptyAndStoresTheEmptyGeneration() {
        String id = memberId();
        stableAlone(id);
        advance(SESSION_MS + 1);
        DescribedGroup d = describe();
        assertEquals("Empty", d.state());
        assertTrue(d.members().isEmpty());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(coordinator.heartbeat(GROUP, 1, id, null)));
        restart();
        assertEquals("Empty", describe().state());
        // The next generation continues after the empty one (2), not from scratch.
        String next = memberId();
        assertEquals(3, await(join(next)).generationId());
    }

    @Test
    void rebalanceTimeoutRemovesMembersThatDidNotRejoin() {
        String[] ids = stablePair();
        Future<JoinResult> leader = join(ids[0]);
        for (int i = 0; i < 3; i++) {
            advance(9_000);
            // b stays alive but never rejoins.
            assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, await(coordinator.heartbeat(GROUP, 1, ids[1], null)));
        }
        assertFalse(leader.isComplete());
        advance(REBALANCE_MS - 27_000);
        JoinResult r = await(leader);
        assertEquals(2, r.generationId());
        assertEquals(List.of(ids[0]), r.members().stream().map(JoinedMember::memberId).toList());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(coordinator.heartbeat(GROUP, 2, ids[1], null)));
    }

    @Test
    void initialDelayBatchesJoinsIntoOneGeneration() {
        GroupCoordinator delayed = new GroupCoordinator(context,
                GroupConfig.defaults().withInitialRebalanceDelayMs(3_000), log, timer);
        await(delayed.loadAll());
        JoinRequest anonymous = joinRequest("");
        String a = await(delayed.join(anonymous)).memberId();
        String b = await(delayed.join(anonymous)).memberId();
        String c = await(delayed.join(anonymous)).memberId();
        Future<JoinResult> ja = delayed.join(joinRequest(a));
        advance(1_000);
        Future<JoinResult> jb = delayed.join(joinRequest(b));
        advance(3_000); // the first delay ends at 3000 with b new: extended to 6000
        Future<JoinResult> jc = delayed.join(joinRequest(c));
        advance(4_999); // the second delay ends at 6000 with c new: extended to 9000
        assertFalse(ja.isComplete());
        advance(1);
        for (Future<JoinResult> f : List.of(ja, jb, jc)) {
            JoinResult r = await(f);
            assertEquals(ErrorCode.NONE, r.error());
            assertEquals(1, r.generationId());
        }
        assertEquals(3, await(ja).members().size());
        await(delayed.close());
    }

    @Test
    void initialDelayIsCappedByTheRebalanceTimeout() {
        GroupCoordinator delayed = new GroupCoordinator(context,
                GroupConfig.defaults().withInitialRebalanceDelayMs(3_000), log, timer);
        await(delayed.loadAll());
        JoinRequest base = joinRequest("");
        JoinRequest shortRebalance = new JoinRequest(GROUP, "", null, "client", "h", SESSION_MS, 7_000, "consumer",
                base.protocols(), null);
        String first = await(delayed.join(shortRebalance)).memberId();
        Future<JoinResult> j1 = delayed.join(new JoinRequest(GROUP, first, null, "client", "h", SESSION_MS, 7_000,
                "consumer", base.protocols(), null));
        // A new member every 2 s would extend forever; the rebalance timeout (7 s) caps the wait.
        for (int i = 0; i < 3; i++) {
            String next = await(delayed.join(shortRebalance)).memberId();
            delayed.join(new JoinRequest(GROUP, next, null, "client", "h", SESSION_MS, 7_000, "consumer",
                    base.protocols(), null));
            advance(2_000);
        }
        assertFalse(j1.isComplete());
        advance(1_000);
        assertEquals(4, await(j1).members().size());
        await(delayed.close());
    }

    @Test
    void memberThatNeverSyncsIsRemovedAfterTheRebalanceTimeout() {
        String a = memberId();
        String b = memberId();
        Future<JoinResult> ja = join(a);
        Future<JoinResult> jb = join(b);
        await(ja);
        await(jb);
        await(sync(a, 1, Map.of(a, bytes("A"), b, bytes("B"))));
        assertEquals("Stable", describe().state());
        for (int i = 0; i < 3; i++) {
            advance(9_000);
            assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, a, null)));
            assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, b, null)));
        }
        advance(REBALANCE_MS - 27_000);
        assertEquals("PreparingRebalance", describe().state());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(coordinator.heartbeat(GROUP, 1, b, null)));
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, await(coordinator.heartbeat(GROUP, 1, a, null)));
    }

    @Test
    void leaveRebalancesTheRestAndUnknownLeaversAreReported() {
        String[] ids = stablePair();
        LeaveResult left = await(coordinator.leave(GROUP, List.of(new LeavingMember(ids[1], null, "bye"),
                new LeavingMember("ghost", null, null))));
        assertEquals(ErrorCode.NONE, left.error());
        assertEquals(ErrorCode.NONE, left.members().get(0).error());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, left.members().get(1).error());
        assertEquals("PreparingRebalance", describe().state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, await(coordinator.heartbeat(GROUP, 1, ids[0], null)));
        assertEquals(2, await(join(ids[0])).generationId());

        LeaveResult unknownGroup = await(coordinator.leave("nope", List.of(new LeavingMember("m", null, null))));
        assertEquals(ErrorCode.NONE, unknownGroup.error());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, unknownGroup.members().get(0).error());
    }

    @Test
    void heartbeatWithStaleGenerationIsIllegal() {
        String id = memberId();
        stableAlone(id);
        assertEquals(ErrorCode.ILLEGAL_GENERATION, await(coordinator.heartbeat(GROUP, 0, id, null)));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(coordinator.heartbeat(GROUP, 1, "other", null)));
    }

    @Test
    void closeAnswersWaitingJoinsWithNotCoordinator() {
        String a = memberId();
        memberId(); // a pending member keeps the join phase open
        Future<JoinResult> ja = join(a);
        settle();
        assertFalse(ja.isComplete());
        await(coordinator.close());
        assertEquals(ErrorCode.NOT_COORDINATOR, await(ja).error());
        assertEquals(ErrorCode.COORDINATOR_NOT_AVAILABLE, await(join("")).error());
    }
}
