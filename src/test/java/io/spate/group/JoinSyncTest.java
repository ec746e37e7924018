package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoinSyncTest extends GroupTestSupport {

    @Test
    void singleMemberFormsOneGenerationAndGetsItsAssignment() {
        String id = memberId();
        assertTrue(id.startsWith("client-"), id);
        JoinResult joined = await(join(id));
        assertEquals(ErrorCode.NONE, joined.error());
        assertEquals(1, joined.generationId());
        assertEquals(id, joined.leaderId());
        assertEquals("range", joined.protocolName());
        assertEquals("consumer", joined.protocolType());
        assertEquals(1, joined.members().size());
        assertEquals("sub-" + id, text(joined.members().get(0).metadata()));
        assertEquals("CompletingRebalance", describe().state());

        SyncResult synced = await(sync(id, 1, Map.of(id, bytes("parts"))));
        assertEquals(ErrorCode.NONE, synced.error());
        assertEquals("parts", text(synced.assignment()));
        assertEquals("Stable", describe().state());
        assertEquals(ErrorCode.NONE, await(coordinator.heartbeat(GROUP, 1, id, null)));
    }

    @Test
    void threeMembersFormOneGenerationLeaderAssignsFollowersWaitForIt() {
        String a = memberId();
        String b = memberId();
        String c = memberId();
        Future<JoinResult> ja = join(a);
        settle();
        // a's join starts the rebalance; b and c are pending members, so the join phase waits for them.
        assertFalse(ja.isComplete());
        Future<JoinResult> jb = join(b);
        Future<JoinResult> jc = join(c);
        JoinResult ra = await(ja);
        JoinResult rb = await(jb);
        JoinResult rc = await(jc);
        for (JoinResult r : List.of(ra, rb, rc)) {
            assertEquals(ErrorCode.NONE, r.error());
            assertEquals(1, r.generationId());
            assertEquals(a, r.leaderId());
        }
        assertEquals(List.of(a, b, c), ra.members().stream().map(JoinedMember::memberId).toList());
        assertTrue(rb.members().isEmpty());
        assertTrue(rc.members().isEmpty());

        Future<SyncResult> sb = sync(b, 1, Map.of());
        Future<SyncResult> sc = sync(c, 1, Map.of());
        settle();
        assertFalse(sb.isComplete(), "followers wait for the leader's assignment");
        SyncResult sa = await(sync(a, 1, Map.of(a, bytes("A"), b, bytes("B"))));
        assertEquals("A", text(sa.assignment()));
        assertEquals("B", text(await(sb).assignment()));
        // The leader left c out: c gets an empty assignment, not an error.
        assertEquals(ErrorCode.NONE, await(sc).error());
        assertEquals(0, await(sc).assignment().length);
        assertEquals("Stable", describe().state());
        assertEquals(3, describe().members().size());
    }

    @Test
    void memberIdRequiredThenUnknownIdIsRefusedAndPendingIdExpires() {
        String id = memberId();
        JoinResult unknown = await(join("made-up"));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, unknown.error());
        assertEquals(JoinResult.NO_GENERATION, unknown.generationId());
        // The pending id is forgotten after its session timeout.
        advance(SESSION_MS + 1);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(join(id)).error());
        String fresh = memberId();
        assertNotEquals(id, fresh);
        assertEquals(ErrorCode.NONE, await(join(fresh)).error());
    }

    @Test
    void sessionTimeoutOutsideTheBrokerRangeIsRefused() {
        JoinRequest tooShort = new JoinRequest(GROUP, "", null, "c", "h", 5_999, REBALANCE_MS, "consumer",
                List.of(new Protocol("range", new byte[0])), null);
        JoinRequest tooLong = new JoinRequest(GROUP, "", null, "c", "h", 1_800_001, REBALANCE_MS, "consumer",
                List.of(new Protocol("range", new byte[0])), null);
        assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT, await(coordinator.join(tooShort)).error());
        assertEquals(ErrorCode.INVALID_SESSION_TIMEOUT, await(coordinator.join(tooLong)).error());
    }

    @Test
    void joinWithoutCommonProtocolOrTypeIsInconsistent() {
        stableAlone(memberId());
        JoinRequest otherProtocol = joinRequest("", null, List.of(new Protocol("roundrobin", new byte[0])));
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, await(coordinator.join(otherProtocol)).error());
        JoinRequest otherType = new JoinRequest(GROUP, "", null, "c", "h", SESSION_MS, REBALANCE_MS, "connect",
                List.of(new Protocol("range", new byte[0])), null);
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, await(coordinator.join(otherType)).error());
        JoinRequest noProtocols = new JoinRequest("other", "", null, "c", "h", SESSION_MS, REBALANCE_MS, "consumer",
                List.of(), null);
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, await(coordinator.join(noProtocols)).error());
    }

    @Test
    void protocolIsTheOneMostMembersPreferAmongThoseAllSupport() {
        String a = memberId();
        String b = memberId();
        String c = memberId();
        Future<JoinResult> ja = coordinator.join(joinRequest(a, null,
                List.of(new Protocol("sticky", new byte[0]), new Protocol("range", new byte[0]))));
        Future<JoinResult> jb = coordinator.join(joinRequest(b, null,
                List.of(new Protocol("range", new byte[0]), new Protocol("sticky", new byte[0]))));
        Future<JoinResult> jc = coordinator.join(joinRequest(c, null,
                List.of(new Protocol("range", new byte[0]), new Protocol("sticky", new byte[0]),
                        new Protocol("roundrobin", new byte[0]))));
        assertEquals("range", await(ja).protocolName());
        assertEquals("range", await(jb).protocolName());
        assertEquals("range", await(jc).protocolName());
    }

    @Test
    void syncWithWrongGenerationOrUnknownMemberIsRefused() {
        String id = memberId();
        stableAlone(id);
        assertEquals(ErrorCode.ILLEGAL_GENERATION, await(sync(id, 7, Map.of())).error());
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, await(sync("nobody", 1, Map.of())).error());
        SyncResult wrongProtocol = await(coordinator.sync(new SyncRequest(GROUP, 1, id, null, "consumer",
                "roundrobin", Map.of())));
        assertEquals(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, wrongProtocol.error());
        // In Stable a member's SyncGroup returns the stored assignment again.
        assertArrayEquals(bytes("a-" + id), await(sync(id, 1, Map.of())).assignment());
    }

    @Test
    void followerRejoiningUnchangedInStableGetsTheCurrentGenerationLeaderRejoinRebalances() {
        String a = memberId();
        String b = memberId();
        Future<JoinResult> ja = join(a);
        Future<JoinResult> jb = join(b);
        await(ja);
        await(jb);
        Future<SyncResult> sb = sync(b, 1, Map.of());
        await(sync(a, 1, Map.of(a, bytes("A"), b, bytes("B"))));
        assertEquals("B", text(await(sb).assignment()));
        JoinResult again = await(join(b));
        assertEquals(1, again.generationId());
        assertEquals("Stable", describe().state());

        Future<JoinResult> leader = join(a);
        settle();
        assertEquals("PreparingRebalance", describe().state());
        assertEquals(ErrorCode.REBALANCE_IN_PROGRESS, await(coordinator.heartbeat(GROUP, 1, b, null)));
        assertEquals(2, await(join(b)).generationId());
        assertEquals(2, await(leader).generationId());
    }

    @Test
    void groupMaxSizeRefusesTheMemberBeyondIt() {
        GroupCoordinator small = new GroupCoordinator(context, config().withMaxSize(1), log, timer);
        await(small.loadAll());
        JoinRequest first = joinRequest("", null, List.of(new Protocol("range", new byte[0])));
        String id = await(small.join(first)).memberId();
        assertEquals(ErrorCode.NONE, await(small.join(joinRequest(id))).error());
        String second = await(small.join(first)).memberId();
        JoinResult refused = await(small.join(joinRequest(second)));
        assertEquals(ErrorCode.GROUP_MAX_SIZE_REACHED, refused.error());
        await(small.close());
    }

    @Test
    void invalidGroupIdAndUnownedGroupAreRefused() {
        JoinRequest empty = new JoinRequest("", "", null, "c", "h", SESSION_MS, REBALANCE_MS, "consumer",
                List.of(new Protocol("range", new byte[0])), null);
        assertEquals(ErrorCode.INVALID_GROUP_ID, await(coordinator.join(empty)).error());
        await(coordinator.unloadPartition(coordinator.partitionFor(GROUP)));
        assertEquals(ErrorCode.NOT_COORDINATOR, await(join("")).error());
        assertEquals(ErrorCode.NOT_COORDINATOR, await(coordinator.heartbeat(GROUP, 1, "m", null)));
    }
}
