package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.testing.GroupMember;
import io.spate.testing.TestNode;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin's consumer-group operations against a real node: groups with an active member are
 * driven over the wire ({@link GroupMember}), every call goes through FindCoordinator to the group's
 * coordinator.
 */
@Timeout(60)
class GroupAdminTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @TempDir
    static Path dataDir;
    static SpateNode node;
    static SpateAdmin admin;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir, "group.initial.rebalance.delay.ms=0");
        admin = SpateAdmin.create(new AdminConfig().setBootstrapServers("127.0.0.1:" + node.port())
                .setDefaultApiTimeoutMs(20_000));
        await(admin.createTopic("orders", 2, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            await(admin.close());
        }
        TestNode.stop(node);
    }

    private static <T> T await(Future<T> f) {
        return Blocking.await(f, WAIT);
    }

    @Test
    void listsAndDescribesAGroupWithAnActiveMember() {
        try (GroupMember member = GroupMember.join(node.port(), "active", List.of(P0, P1))) {
            GroupListing listed = await(admin.listGroups()).stream().filter(g -> g.groupId().equals("active"))
                    .findFirst().orElseThrow();
            assertEquals(new GroupListing("active", "consumer", ConsumerGroupState.STABLE), listed);

            GroupDescription d = await(admin.describeGroups(List.of("active"))).get("active");
            assertEquals(ConsumerGroupState.STABLE, d.state());
            assertEquals("consumer", d.protocolType());
            assertEquals("range", d.protocol());
            assertEquals(1, d.members().size());
            MemberDescription m = d.members().get(0);
            assertEquals(member.memberId(), m.memberId());
            assertNull(m.groupInstanceId());
            assertEquals("test", m.clientId());
            assertTrue(m.host().contains("127.0.0.1"), m.host());
            assertEquals(List.of(P0, P1), List.copyOf(m.assignment()));
        }
        GroupDescription after = await(admin.describeGroups(List.of("active"))).get("active");
        assertEquals(ConsumerGroupState.EMPTY, after.state());
        assertEquals(List.of(), after.members());
    }

    @Test
    void listsCommittedOffsetsAndAltersThemOnlyWhileTheGroupIsEmpty() {
        try (GroupMember member = GroupMember.join(node.port(), "committer", List.of(P0, P1))) {
            member.commit(Map.of(P0, 5L, P1, 9L));
            Map<TopicPartition, CommittedOffset> committed = await(admin.listGroupOffsets("committer"));
            assertEquals(Map.of(P0, new CommittedOffset(5, "by " + member.memberId()),
                    P1, new CommittedOffset(9, "by " + member.memberId())), committed);

            SpateException refused = assertThrows(SpateException.class,
                    () -> await(admin.alterGroupOffsets("committer", Map.of(P0, 1L))));
            assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, refused.error());
            assertTrue(refused.getMessage().contains("active members"), refused.getMessage());
            assertEquals(committed, await(admin.listGroupOffsets("committer")));
        }
        await(admin.alterGroupOffsets("committer", Map.of(P0, 1L)));
        Map<TopicPartition, CommittedOffset> altered = await(admin.listGroupOffsets("committer"));
        assertEquals(1, altered.get(P0).offset());
        assertEquals(9, altered.get(P1).offset());
        assertThrows(IllegalArgumentException.class, () -> await(admin.alterGroupOffsets("committer", Map.of(P0, -3L))));
    }

    @Test
    void deletesEmptyGroupsAndRefusesNonEmptyOnes() {
        await(admin.alterGroupOffsets("idle", Map.of(P0, 3L)));
        try (GroupMember busy = GroupMember.join(node.port(), "busy", List.of(P0))) {
            Map<String, GroupDeletion> results = await(admin.deleteGroups(List.of("idle", "busy", "never-was")));
            assertEquals(List.of("idle", "busy", "never-was"), List.copyOf(results.keySet()));
            assertTrue(results.get("idle").deleted());
            assertNull(results.get("idle").exception());
            assertEquals(ErrorCode.NON_EMPTY_GROUP, results.get("busy").error());
            assertTrue(results.get("busy").exception().getMessage().contains("'busy'"));
            assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, results.get("never-was").error());

            SpateException refused = assertThrows(SpateException.class, () -> await(admin.deleteGroup("busy")));
            assertEquals(ErrorCode.NON_EMPTY_GROUP, refused.error());
            assertEquals(ConsumerGroupState.STABLE, await(admin.describeGroups(List.of("busy"))).get("busy").state());
        }
        assertEquals(Map.of(), await(admin.listGroupOffsets("idle")));
        assertFalse(await(admin.listGroups()).stream().anyMatch(g -> g.groupId().equals("idle")));
        await(admin.deleteGroup("busy"));
        assertEquals(ConsumerGroupState.DEAD, await(admin.describeGroups(List.of("busy"))).get("busy").state());
    }

    @Test
    void anUnknownGroupIsDeadWithoutOffsets() {
        GroupDescription d = await(admin.describeGroups(List.of("nobody"))).get("nobody");
        assertEquals(new GroupDescription("nobody", ConsumerGroupState.DEAD, "", "", List.of()), d);
        assertEquals(Map.of(), await(admin.listGroupOffsets("nobody")));
        SpateException notFound = assertThrows(SpateException.class, () -> await(admin.deleteGroup("nobody")));
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND, notFound.error());
        SpateException invalid = assertThrows(SpateException.class, () -> await(admin.listGroupOffsets("")));
        assertEquals(ErrorCode.INVALID_GROUP_ID, invalid.error());
    }

    @Test
    void groupStatesParseFromTheirWireNames() {
        assertEquals(ConsumerGroupState.PREPARING_REBALANCE, ConsumerGroupState.parse("preparingrebalance"));
        assertEquals(ConsumerGroupState.UNKNOWN, ConsumerGroupState.parse("Assigning"));
        assertEquals("CompletingRebalance", ConsumerGroupState.COMPLETING_REBALANCE.toString());
        assertTrue(ConsumerGroupState.EMPTY.isInactive() && ConsumerGroupState.DEAD.isInactive());
        assertFalse(ConsumerGroupState.STABLE.isInactive());
    }
}
